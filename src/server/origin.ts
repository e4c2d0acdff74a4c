/**
 * The add-in's one origin (DESIGN §5a): chosen at build time with ADDIN_ORIGIN, written into the
 * manifest, the functions' help links and dist/build-info.json, and the only host the server answers
 * for. This file has no dependencies, because webpack.config.js loads it too (through tsx).
 */

/** What `npm start` builds and serves when ADDIN_ORIGIN is not set. */
export const DEFAULT_ADDIN_ORIGIN = 'https://localhost:3000';

/** The file in dist/ that records what a build was made for (written by webpack.config.js). */
export const BUILD_INFO_FILE = 'build-info.json';

export interface BuildInfo {
  /** The origin every URL in the build points at, e.g. https://lens.example.org. */
  readonly origin: string;
  /** package.json's version. */
  readonly version: string;
  /** ISO time of the build. */
  readonly builtAt: string;
  readonly mode: 'production' | 'development';
}

/** An ADDIN_ORIGIN that cannot be used; the message says what is wrong and what is expected. */
export class AddinOriginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddinOriginError';
  }
}

/**
 * Whether a host name (as in `URL.hostname`) is this machine: `localhost` (and `*.localhost`, which
 * browsers resolve to loopback), 127.0.0.0/8 and `[::1]`. A DNS name that merely resolves to
 * 127.0.0.1 is not loopback here: that is exactly what DNS rebinding uses.
 */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const EXAMPLE = 'https://lens.example.org';

/**
 * Reads ADDIN_ORIGIN: empty or unset gives the default; otherwise it must be an origin (scheme, host,
 * optional port; no path, query, fragment or credentials), https — or http for a loopback host, which
 * browsers treat as a secure context, for local tests. Returns it normalised as `URL.origin` does
 * (lower-case host, no default port, no trailing slash).
 * @example
 * parseAddinOrigin('https://Lens.Example.org:443/') //=> 'https://lens.example.org'
 * parseAddinOrigin('http://lens.example.org') // throws: Office loads add-ins only over HTTPS
 */
export function parseAddinOrigin(text: string | undefined, variable = 'ADDIN_ORIGIN'): string {
  const value = text?.trim() ?? '';
  if (value === '') return DEFAULT_ADDIN_ORIGIN;
  const shown = JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AddinOriginError(`${variable} must be an origin such as ${EXAMPLE}, got ${shown}: not a URL`);
  }
  const problem = (() => {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `the scheme must be https, not ${url.protocol.replace(/:$/, '')}`;
    if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
      return 'Office loads add-ins only over HTTPS (http is accepted for localhost and 127.0.0.1 only)';
    }
    if (url.username || url.password) return 'it must not carry a user name or password';
    if (url.pathname !== '/')
      return `it has a path (${url.pathname.length > 60 ? `${url.pathname.slice(0, 60)}…` : url.pathname}); the add-in is served from the root of its origin`;
    if (url.search || value.includes('?')) return 'it has a query';
    if (url.hash || value.includes('#')) return 'it has a fragment';
    return undefined;
  })();
  if (problem) throw new AddinOriginError(`${variable} must be an origin such as ${EXAMPLE} (scheme, host and optional port), got ${shown}: ${problem}`);
  return url.origin;
}

/** Whether the origin's host is this machine (development). */
export function isLoopbackOrigin(origin: string): boolean {
  return isLoopbackHostname(new URL(origin).hostname);
}

/**
 * Whether a request's `Host` header names this add-in: exactly the origin's host (and port), or — when
 * the origin itself is loopback (development) — any loopback host on any port, because the same
 * build is served on several local ports (PORT, tests on port 0). Everything else is refused, so a
 * page on a rebound DNS name (evil.example → 127.0.0.1) cannot reach the API.
 */
export function isAllowedHost(hostHeader: string | undefined, origin: string): boolean {
  if (!hostHeader) return false;
  let requested: URL;
  try {
    // The Host header is `host[:port]`; parse it the way a browser would have built it.
    if (/[\s/\\?#@]/.test(hostHeader)) return false;
    requested = new URL(`${new URL(origin).protocol}//${hostHeader}`);
  } catch {
    return false;
  }
  const expected = new URL(origin);
  if (requested.host === expected.host) return true;
  return isLoopbackHostname(expected.hostname) && isLoopbackHostname(requested.hostname);
}

export interface OriginReport {
  /** The origin the server answers for: ADDIN_ORIGIN, else the build's, else the default. */
  readonly origin: string;
  readonly lines: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * What `npm run serve` says about origins at start: what dist/ was built for, and a warning whenever
 * Office would be sent somewhere else than this server — the build made for another ADDIN_ORIGIN,
 * or (with no ADDIN_ORIGIN to say a proxy sits in front) for another origin than the one it listens on.
 */
export function originReport(options: { readonly builtFor?: string; readonly configured?: string; readonly listening: string }): OriginReport {
  const { builtFor, configured, listening } = options;
  const devCertificates = listening.startsWith('https:');
  const origin = configured ?? builtFor ?? DEFAULT_ADDIN_ORIGIN;
  const lines: string[] = [];
  const warnings: string[] = [];
  if (builtFor) lines.push(`built for:  ${builtFor}${configured ? `; ADDIN_ORIGIN ${configured}` : ''}`);
  else warnings.push(`dist/ has no ${BUILD_INFO_FILE} (built by an older version, or not built): assuming ${origin}; run \`npm run build\``);
  if (configured && builtFor && configured !== builtFor) {
    warnings.push(
      `dist/ was built for ${builtFor} but ADDIN_ORIGIN is ${configured}: its manifest and help links send Office to ${builtFor}. ` +
        `Rebuild with ADDIN_ORIGIN=${configured} npm run build.`,
    );
  } else if (!configured && builtFor && builtFor !== listening) {
    warnings.push(
      isLoopbackOrigin(builtFor)
        ? `dist/ was built for ${builtFor} but this server listens on ${listening}: Office will look for the add-in at ${builtFor}. ` +
            `Serve it there, or rebuild with ADDIN_ORIGIN=${listening} npm run build.`
        : `dist/ was built for ${builtFor}; this server listens on ${listening} and answers only requests addressed to ${builtFor} ` +
            `(through a reverse proxy for that origin). Set ADDIN_ORIGIN=${builtFor} to say so and silence this warning.`,
    );
  } else if (configured && isLoopbackOrigin(configured) && configured !== listening) {
    warnings.push(`ADDIN_ORIGIN is ${configured} but this server listens on ${listening}: Office will not find it.`);
  }
  if (devCertificates && !isLoopbackOrigin(origin)) {
    // The development certificates name localhost and 127.0.0.1 only (devCertificates.ts).
    warnings.push(`the development certificate covers localhost only, not ${origin}: terminate TLS for it in a reverse proxy and start this server with --http`);
  }
  return { origin, lines, warnings };
}
