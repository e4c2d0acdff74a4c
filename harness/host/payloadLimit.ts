/**
 * Excel on the web's payload cap: "Excel on the web has a payload size limit for requests and
 * responses of 5 MB. RichAPI.Error is thrown if this limit is exceeded." (Resource limits and
 * performance optimization for Office Add-ins, learn.microsoft.com). A batch that writes more than
 * that in one sync is refused before anything runs; one that loads more fails at its sync. The host
 * measures both as the JSON the batch carries, which is what office.js sends.
 */
import { officeError, type OfficeExtensionError } from './officeErrors';

export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

const REQUEST_TOO_LARGE = {
  code: 'RequestPayloadSizeLimitExceeded',
  message:
    'The request payload size has exceeded the limit. Please refer to the documentation: "https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins".',
};
const RESPONSE_TOO_LARGE = {
  code: 'ResponsePayloadSizeLimitExceeded',
  message:
    'The response payload size has exceeded the limit. Please refer to the documentation: "https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins".',
};

const UTF8 = new TextEncoder();

const jsonBytes = (value: unknown): number => {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : UTF8.encode(text).length;
};

/** What one batch (the actions between two syncs) sends and receives. */
export class PayloadMeter {
  private requestBytes = 0;
  private responseBytes = 0;

  constructor(private readonly limit = PAYLOAD_LIMIT_BYTES) {}

  /** A value the batch writes (a property set, a method argument). */
  sent(value: unknown): void {
    this.requestBytes += jsonBytes(value);
  }

  /** A value the batch loads back. */
  received(value: unknown): void {
    this.responseBytes += jsonBytes(value);
  }

  /** Before the batch runs: the refusal of a request over the cap (the meter starts again). */
  requestRefusal(): OfficeExtensionError | undefined {
    const bytes = this.requestBytes;
    this.requestBytes = 0;
    return bytes > this.limit
      ? officeError(REQUEST_TOO_LARGE.code, REQUEST_TOO_LARGE.message, 'RequestContext.sync', `the batch writes ${bytes} bytes, over ${this.limit}`)
      : undefined;
  }

  /** After it ran: the refusal of a response over the cap (the meter starts again). */
  responseRefusal(): OfficeExtensionError | undefined {
    const bytes = this.responseBytes;
    this.responseBytes = 0;
    return bytes > this.limit
      ? officeError(RESPONSE_TOO_LARGE.code, RESPONSE_TOO_LARGE.message, 'RequestContext.sync', `the batch loads ${bytes} bytes, over ${this.limit}`)
      : undefined;
  }
}
