/** What Excel would see from a custom-function call: a value, or an error with code and message. */
export type Outcome = { value: unknown } | { code: string; message: string };

export async function callExcel(fn: (...args: any[]) => unknown, ...args: unknown[]): Promise<Outcome> {
  try {
    return { value: await fn(...args) };
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code !== 'string') throw error;
    return { code, message: String(message) };
  }
}

/** The value of a successful call; fails the test with the error otherwise. */
export async function valueOf(fn: (...args: any[]) => unknown, ...args: unknown[]): Promise<any> {
  const outcome = await callExcel(fn, ...args);
  if (!('value' in outcome)) throw new Error(`expected a value, got ${outcome.code} ${outcome.message}`);
  return outcome.value;
}
