/** The longest piece of a user's input any message repeats: a 100 kB ticker is never echoed whole. */
export const ECHO_LIMIT = 40;

/**
 * `text` as a message may quote it: at most ECHO_LIMIT characters, then an ellipsis.
 * @example
 * boundedEcho('X'.repeat(100000)).length //=> 41
 */
export function boundedEcho(text: string, limit = ECHO_LIMIT): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
