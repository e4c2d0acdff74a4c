/**
 * What the server tells browsers about who may load, frame and call the add-in (issue 13 §1):
 * a Content-Security-Policy for pages, Referrer-Policy and HSTS for everything, CORS only for the
 * add-in's own origin (and, for the functions' metadata, Excel on the web), and a refusal of
 * cross-site requests to API endpoints that fetch upstream or use a key.
 *
 * Microsoft publishes no canonical list of the hosts that frame an add-in or fetch its metadata
 * (office-js #1005 "Document required CSP values", open since 2019). The lists below follow what
 * Microsoft's staff and developers report in its trackers, cited at each entry; TESTING.md says how
 * to confirm them in a real Excel on the web.
 */
import type { IncomingMessage } from 'node:http';
import { isLoopbackHostname } from './origin';

/**
 * Pages that may frame the task pane, besides its own origin. Excel on the web puts the pane in an
 * iframe of its own frame, itself inside the page the file was opened from, and `frame-ancestors`
 * checks every ancestor, so both levels must be listed.
 */
export const OFFICE_FRAME_ANCESTORS: readonly string[] = [
  // Excel on the web's own frame: excel.officeapps.live.com and its regional/"inc-" variants
  // (office-js #3342; the origin in office-js-docs-pr #1920 and office-js #3970).
  'https://*.officeapps.live.com',
  // The newer Microsoft 365 domains; Microsoft's docs team named excel.cloud.microsoft
  // (office-js-docs-pr #4911, Rick-Kirkham, 2024-12); m365.cloud.microsoft is the app launcher.
  'https://*.cloud.microsoft',
  // Files in OneDrive for Business / SharePoint open under the tenant's *.sharepoint.com page
  // (office-js-docs-pr #4911: the reporter had to add it), consumer OneDrive under onedrive.live.com
  // (office-js #3342).
  'https://*.sharepoint.com',
  'https://onedrive.live.com',
  // Microsoft 365 home pages that open a file in place.
  'https://*.office.com',
  'https://*.microsoft365.com',
];

/**
 * Origins (other than ours) allowed to read the functions' metadata and script with CORS: Excel on
 * the web fetches functions.json with XMLHttpRequest from its own origin, and "the server that hosts
 * the JSON file must have CORS enabled" (custom functions overview, office-js-docs-pr #602; the
 * failure without it: office-js-docs-pr #1920 from https://inc-excel.officeapps.live.com, office-js
 * #3970 from https://excel.officeapps.live.com).
 */
const OFFICE_METADATA_ORIGIN = /^https:\/\/(?:[a-z0-9-]+\.)*(?:officeapps\.live\.com|cloud\.microsoft)$/;
/** The files Excel itself (not the page) may fetch: the manifest's Functions.Metadata and Functions.Script URLs. */
const OFFICE_FETCHED_FILES = new Set(['/functions.json', '/functions.js']);

/**
 * The pane loads office.js from Microsoft's CDN (its only script from elsewhere; office.js loads its
 * host parts, e.g. excel-web-16.00.js, from the same place), its own bundles and styles, and talks
 * only to its own origin (the gateway).
 * - style-src 'unsafe-inline': office.js's host script applies inline styles and fails without it
 *   (office-js #1687); help.html carries its styles inline. Scripts stay strict: no inline, no eval
 *   (the shipped office.js and excel-*.js need neither).
 * - connect-src *.pipe.aria.microsoft.com: office.js's own telemetry (its ariatelemetry script posts
 *   to {browser,us,eu,…}.pipe.aria.microsoft.com; office-js #1005 lists browser.pipe.aria).
 * - no data: or blob: images: the charts draw on a canvas, the icons are our files.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self' https://appsforoffice.microsoft.com",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self' https://*.pipe.aria.microsoft.com",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors 'self' ${OFFICE_FRAME_ANCESTORS.join(' ')}`,
  ].join('; ');
}

/** One year: the usual HSTS lifetime. No includeSubDomains: the deployer's other hosts are not ours to decide. */
export const HSTS_VALUE = 'max-age=31536000';

export interface RequestContext {
  /** The add-in's public origin (ADDIN_ORIGIN, or what the build was made for). */
  readonly addinOrigin: string;
  /** Whether this connection is TLS (the dev server); behind a proxy TLS ends before us. */
  readonly encrypted: boolean;
}

/**
 * Headers for every answer. HSTS whenever the client reaches us over HTTPS — directly, or through
 * the proxy in front of an https ADDIN_ORIGIN (a browser ignores it over plain HTTP anyway, RFC 6797
 * §8.1) — but never for loopback: one HSTS answer from localhost would force HTTPS on every other
 * local development server in that browser.
 */
export function commonHeaders(req: IncomingMessage, context: RequestContext): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    // The pane links out to data sources' pages; they need not learn which add-in origin sent the user.
    'Referrer-Policy': 'no-referrer',
  };
  const hostname = hostnameOf(req.headers.host);
  const overHttps = context.encrypted || context.addinOrigin.startsWith('https:');
  if (overHttps && hostname !== undefined && !isLoopbackHostname(hostname)) headers['Strict-Transport-Security'] = HSTS_VALUE;
  return headers;
}

function hostnameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * CORS for a static file: the add-in's own origin may read anything, Excel on the web the functions'
 * metadata and script; no one else has a reason to read our files from a page of theirs (they can
 * still link or load them, which needs no CORS). `Vary: Origin` always, so a shared cache never hands one origin's
 * answer to another.
 */
export function staticCorsHeaders(requestOrigin: string | undefined, pathname: string, addinOrigin: string): Record<string, string> {
  const headers: Record<string, string> = { Vary: 'Origin' };
  if (requestOrigin === undefined) return headers;
  if (requestOrigin === addinOrigin || (OFFICE_FETCHED_FILES.has(pathname) && OFFICE_METADATA_ORIGIN.test(requestOrigin))) {
    headers['Access-Control-Allow-Origin'] = requestOrigin;
  }
  return headers;
}

/**
 * API requests that may start an upstream fetch or use a key (everything under /api/ but the
 * catalogue, which only reads a constant list) must come from the add-in itself.
 */
export function needsSameOrigin(target: string): boolean {
  const path = target.split('?', 1)[0] ?? '';
  return (path === '/api' || path.startsWith('/api/')) && path !== '/api/catalog';
}

/**
 * Why a request is refused as cross-site (undefined: it is not). A browser says where a request
 * comes from in `Origin` (on CORS requests and on every non-GET) and in `Sec-Fetch-Site` (on every
 * request, including an `<img src>` GET that carries no Origin). Clients that send neither — curl,
 * the CLI, another server — are not browsers driven by someone else's page, and pass.
 * `allowedOrigins`: the add-in's origin, and the origin this request was addressed to (the same
 * server reached directly, e.g. http://127.0.0.1:PORT in development).
 */
export function crossSiteReason(req: IncomingMessage, allowedOrigins: readonly string[]): string | undefined {
  const origin = single(req.headers.origin);
  if (origin !== undefined && !allowedOrigins.includes(origin)) {
    return "a request from another origin is not accepted; only the add-in's own pages may call this endpoint";
  }
  const site = single(req.headers['sec-fetch-site'])?.toLowerCase();
  if (site === 'cross-site' || site === 'same-site') {
    return `a ${site} request is not accepted; only the add-in's own pages may call this endpoint`;
  }
  return undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
