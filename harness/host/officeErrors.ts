/**
 * OfficeExtension.Error as office.js builds it (name 'RichApi.Error', code, message, debugInfo,
 * httpStatusCode), with the messages office.js and Excel use for the codes the host raises.
 */

export const ERROR_CODES = {
  accessDenied: 'AccessDenied',
  generalException: 'GeneralException',
  invalidArgument: 'InvalidArgument',
  invalidObjectPath: 'InvalidObjectPath',
  invalidOperation: 'InvalidOperation',
  invalidReference: 'InvalidReference',
  invalidRequestContext: 'InvalidRequestContext',
  itemAlreadyExists: 'ItemAlreadyExists',
  itemNotFound: 'ItemNotFound',
  notImplemented: 'NotImplemented',
  propertyNotLoaded: 'PropertyNotLoaded',
  runMustReturnPromise: 'RunMustReturnPromise',
  unsupportedOperation: 'UnsupportedOperation',
  valueNotLoaded: 'ValueNotLoaded',
} as const;

const STATUS: Record<string, number> = {
  AccessDenied: 401,
  GeneralException: 500,
  InvalidArgument: 400,
  InvalidObjectPath: 400,
  InvalidRequestContext: 400,
  ValueNotLoaded: 400,
  PropertyNotLoaded: 400,
  ItemNotFound: 404,
  ItemAlreadyExists: 409,
};

export const MESSAGES = {
  propertyNotLoaded: (property: string) =>
    `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  valueNotLoaded: 'The value of the result object has not been loaded yet. Before reading the value property, call "context.sync()" on the associated request context.',
  runMustReturnPromise:
    'The batch function passed to the ".run" method didn\'t return a promise. The function must return a promise, so that any automatically-tracked objects can be released at the completion of the batch operation. Typically, you return a promise by returning the response from "context.sync()".',
  invalidObjectPath: (path: string) =>
    `The object path '${path}' isn't working for what you're trying to do. If you're using the object across multiple "context.sync" calls and outside the sequential execution of a ".run" batch, please use the "context.trackedObjects.add()" and "context.trackedObjects.remove()" methods to manage the object's lifetime.`,
  itemNotFound: "The requested resource doesn't exist.",
  invalidArgument: 'The argument is invalid or missing or has an incorrect format.',
  invalidOperation: 'This operation is not permitted for the current object.',
  officeNotReady:
    'Office.js has not fully loaded. Your app must call "Office.onReady()" as part of it\'s loading sequence (or set the "Office.initialize" function). If your app has this functionality, try reloading this page.',
};

export interface OfficeErrorInit {
  readonly code: string;
  readonly message: string;
  /** e.g. 'Range.values', 'WorksheetCollection.getItem'. */
  readonly errorLocation?: string;
  /** The host's own explanation, for test failures (not part of office.js). */
  readonly detail?: string;
}

export class OfficeExtensionError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string; statement?: string; surroundingStatements?: string[] };
  readonly httpStatusCode: number;
  readonly traceMessages: string[] = [];
  readonly innerError: null = null;
  constructor(init: OfficeErrorInit) {
    super(init.message + (init.detail ? ` [test host: ${init.detail}]` : ''));
    Object.setPrototypeOf(this, OfficeExtensionError.prototype);
    this.name = 'RichApi.Error';
    this.code = init.code;
    this.httpStatusCode = STATUS[init.code] ?? 500;
    this.debugInfo = { code: init.code, message: this.message, ...(init.errorLocation ? { errorLocation: init.errorLocation } : {}) };
  }
  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

export const officeError = (code: string, message: string, errorLocation?: string, detail?: string): OfficeExtensionError =>
  new OfficeExtensionError({ code, message, errorLocation, detail });
