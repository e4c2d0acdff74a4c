/**
 * How long a request waits for an upstream refresh (seriesService.ts): past the deadline it is
 * answered from what is held while the refresh goes on, or, holding nothing, with
 * AnswerDeadlineError (504 and a JSON reason).
 */

/**
 * A one-shot timer for the answer deadline. It is not `Clock.sleep`: the tests' fake clock makes
 * every sleep return at once (so retries cost no time), which would make every deadline pass at once.
 */
export type DeadlineTimer = (ms: number) => { readonly elapsed: Promise<void>; cancel(): void };

export const realDeadlineTimer: DeadlineTimer = (ms) => {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<void>((resolve) => {
    handle = setTimeout(resolve, ms);
    // A pending deadline must not keep a process (a test, the CLI) alive.
    (handle as { unref?: () => void }).unref?.();
  });
  return { elapsed, cancel: () => clearTimeout(handle) };
};

/**
 * Nothing is held for the series and its upstream refresh did not finish within the deadline; the
 * refresh goes on in the background. The routes answer 504 with this message and Retry-After.
 */
export class AnswerDeadlineError extends Error {
  constructor(
    readonly seriesId: string,
    readonly deadlineMs: number,
  ) {
    super(
      `${seriesId} is not held yet and its source did not answer within ${formatSeconds(deadlineMs)}; ` + 'the gateway keeps asking in the background, ask again in a few seconds',
    );
    this.name = 'AnswerDeadlineError';
  }
}

/** What raceDeadline answers when the deadline passed first. */
export const LATE: unique symbol = Symbol('late');

/** `work`'s outcome, or LATE when `ms` pass first (the work is not cancelled: it goes on). */
export async function raceDeadline<T>(work: Promise<T>, timer: DeadlineTimer, ms: number): Promise<T | typeof LATE> {
  const deadline = timer(ms);
  try {
    return await Promise.race([work, deadline.elapsed.then((): typeof LATE => LATE)]);
  } finally {
    deadline.cancel();
  }
}

/** 8000 → "8 s", 250 → "0.25 s". */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}
