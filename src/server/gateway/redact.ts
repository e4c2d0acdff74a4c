/**
 * Scrubs secrets out of text before it is logged, answered or stored: every configured key value
 * (as written and percent-encoded) and any `api_key=`/`apikey=`/`token=` query value.
 */
const KEY_PARAMETER = /([?&;](?:api_key|apikey|api-key|key|token|access_token)=)[^&#\s"']*/gi;

export type Redactor = (text: string) => string;

/**
 * A function that replaces each secret in a text with `[redacted]`.
 * @example
 * createRedactor(['s3cr3t'])('GET /x?api_key=s3cr3t failed: s3cr3t') //=> 'GET /x?api_key=[redacted] failed: [redacted]'
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const needles = [...new Set(secrets.flatMap((secret) => [secret, encodeURIComponent(secret)]).filter((s) => s.length > 0))]
    // Longest first, so a key containing another is removed whole.
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text.replace(KEY_PARAMETER, '$1[redacted]');
    for (const needle of needles) result = result.split(needle).join('[redacted]');
    return result;
  };
}
