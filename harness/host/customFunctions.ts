/**
 * The `CustomFunctions` global of the custom-functions runtime: `associate`, `Error`, `ErrorCode`.
 * Functions are collected here; the calculation engine calls them.
 */

/** CustomFunctions.ErrorCode (@types/custom-functions-runtime). */
export const ERROR_CODE = {
  invalidValue: '#VALUE!',
  notAvailable: '#N/A',
  divisionByZero: '#DIV/0!',
  invalidNumber: '#NUM!',
  nullReference: '#NULL!',
  invalidName: '#NAME?',
  invalidReference: '#REF!',
} as const;

/** Codes whose custom message Excel shows; for the others "a custom error message can't be used". */
export const CODES_WITH_MESSAGES = new Set<string>([ERROR_CODE.invalidValue, ERROR_CODE.notAvailable]);

/**
 * CustomFunctions.Error as the runtime (custom-functions-runtime.js, CustomFunctionError) defines it:
 * an Error subclass whose code defaults to #VALUE!. Only instances of this class are shown as
 * Excel errors; any other object passed to setResult is not.
 */
export class CustomFunctionsError extends Error {
  code: string;
  readonly type = 'Error';
  constructor(code?: string, message?: string) {
    super(message ?? '');
    Object.setPrototypeOf(this, CustomFunctionsError.prototype);
    this.code = code || ERROR_CODE.invalidValue;
    this.stack = undefined;
  }
}

export type CustomFunction = (...args: unknown[]) => unknown;

export interface CustomFunctionsRegistry {
  readonly functions: Map<string, CustomFunction>;
  readonly api: {
    associate(idOrMappings: string | Record<string, CustomFunction>, fn?: CustomFunction): void;
    Error: typeof CustomFunctionsError;
    ErrorCode: typeof ERROR_CODE;
  };
}

/** `onAssociate` runs after each association (the engine starts cells waiting for that function). */
export function createCustomFunctions(onAssociate: (id: string) => void, record: (api: string, args: unknown[]) => void): CustomFunctionsRegistry {
  const functions = new Map<string, CustomFunction>();
  const associateOne = (id: unknown, fn: unknown) => {
    if (typeof id !== 'string' || id === '') throw new TypeError('CustomFunctions.associate: the id must be a non-empty string');
    if (typeof fn !== 'function') throw new TypeError(`CustomFunctions.associate("${id}"): the function is not a function`);
    const upper = id.toUpperCase();
    functions.set(upper, fn as CustomFunction);
    record('CustomFunctions.associate', [upper]);
    onAssociate(upper);
  };
  return {
    functions,
    api: {
      associate(idOrMappings, fn) {
        if (typeof idOrMappings === 'object' && idOrMappings !== null) {
          for (const [id, mapped] of Object.entries(idOrMappings)) associateOne(id, mapped);
        } else {
          associateOne(idOrMappings, fn);
        }
      },
      Error: CustomFunctionsError,
      ErrorCode: ERROR_CODE,
    },
  };
}
