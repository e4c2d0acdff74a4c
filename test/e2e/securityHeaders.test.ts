/**
 * The production pane under the server's own Content-Security-Policy, in headless Chromium: it loads
 * office.js (the test host, at the CDN's URL), its bundles, styles and icon, fills the function list
 * from functions.json and draws the charts (uPlot sets styles through the CSSOM) without a single
 * violation — while the policy is shown to be in force by an inline script it refuses; and its own
 * data requests pass the server's same-origin check.
 */
import http from 'node:http';
import { startServer, type RunningServer } from '../../src/server/main';
import { buildAddin } from '../../harness/e2e/addinBuild';
import { launchBrowser, openPane, type Pane } from '../../harness/e2e/browser';
import type { Browser } from 'playwright-core';

let server: RunningServer;
let browser: Browser;
let pane: Pane;

/** API requests that got past the server's same-origin check. */
const apiCalls: string[] = [];

/** The API answers nothing here: the pane must cope, and this test is about what the page may load. */
const noApi = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
  if (!(req.url ?? '').startsWith('/api/')) return false;
  apiCalls.push(`${req.url} sec-fetch-site=${String(req.headers['sec-fetch-site'])} origin=${String(req.headers.origin)}`);
  res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end('{"error":{"code":"unavailable","message":"no gateway in this test"}}');
  return true;
};

beforeAll(async () => {
  const root = await buildAddin();
  server = await startServer({ http: true, port: 0, host: '127.0.0.1', root, routes: noApi, log: () => undefined });
  browser = await launchBrowser();
  pane = await openPane(browser, { url: server.origin });
  // Violations that happen from now on (the load's own are in the console, checked below).
  await pane.page.evaluate(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __violations: string[] }).__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
    (window as unknown as { __violations: string[] }).__violations = [];
  });
}, 300_000);

afterAll(async () => {
  await pane?.close();
  await browser?.close();
  await server?.close();
});

const cspMessages = (): string[] => [...pane.errors, ...pane.console].filter((line) => /Content Security Policy|Refused to/i.test(line));

test('taskpane.html is served with the policy', async () => {
  const response = await pane.page.request.get(`${server.origin}/taskpane.html`);
  expect(response.headers()['content-security-policy']).toMatch(/script-src 'self' https:\/\/appsforoffice\.microsoft\.com/);
  expect(response.headers()['content-security-policy']).toMatch(/frame-ancestors 'self' https:\/\/\*\.officeapps\.live\.com/);
});

test('the pane loads office.js, its bundles and styles, and the function list, with no violation', async () => {
  expect(pane.guard.officeJsServed).toBeGreaterThan(0);
  await pane.page.waitForFunction(() => document.querySelectorAll('#function-list li').length > 0, undefined, { timeout: 15_000 });
  // The versioned URLs were what the page asked for.
  expect(pane.guard.requests.some((request) => /\/functions\.js\?v=[0-9a-f]{16}$/.test(request))).toBe(true);
  expect(pane.guard.requests.some((request) => /\/taskpane\.css\?v=[0-9a-f]{16}$/.test(request))).toBe(true);
  // Styles applied: the stylesheet from our origin took effect.
  const styled = await pane.page.evaluate(() => getComputedStyle(document.querySelector('.pane__title')!).fontFamily);
  expect(styled).not.toBe('');
  expect(cspMessages()).toEqual([]);
});

test('the charts draw under the policy', async () => {
  await pane.page.click('#tab-charts');
  await pane.page.waitForFunction(() => document.querySelectorAll('#panel-charts canvas').length > 0, undefined, { timeout: 15_000 });
  expect(await pane.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  expect(cspMessages()).toEqual([]);
});

test("the pane's own data requests pass the same-origin check (only foreign pages are refused)", async () => {
  await pane.page.click('#tab-data');
  await pane.page.click('#refresh-all');
  const deadline = Date.now() + 15_000;
  while (!apiCalls.some((call) => call.startsWith('/api/series/')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const series = apiCalls.filter((call) => call.startsWith('/api/series/'));
  expect(series.length).toBeGreaterThan(0);
  // What Chromium sends for the pane's fetches: same-origin, no Origin header on a GET.
  for (const call of series) expect(call).toMatch(/sec-fetch-site=same-origin origin=undefined$/);
});

test('the policy is in force: an injected inline script does not run', async () => {
  const ran = await pane.page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = '(window).__inlineRan = true;';
    document.head.appendChild(script);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
  expect(await pane.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([expect.stringMatching(/^script-src/)]);
});
