/**
 * The pieces of figures 8–10 that run in the page: headless Chromium opening a workbook through the
 * Office test host (harness/host), with a little instrumentation appended to the host's office.js.
 *
 * The instrumentation wraps CustomFunctions.associate, so every function the bundle associates is
 * called through a wrapper that notes, per invocation, when Excel called it and when it first
 * answered (a loading notice — "#N/A loading …" — counts as a notice, not as the answer), and per
 * function how many results it delivered. The wrapper costs the same in the add-in's page and in
 * the floor's (a do-nothing streaming function for every id), so it is part of both.
 *
 * "Holds its value" is what the host shows, not what the function passed to setResult: the host
 * buffers results for `resultDelayMs` (50 ms, as Excel's runtime does) before the cells change, so
 * a wait ends when every expected invocation has answered AND the host has settled (nothing
 * buffered, nothing to calculate, no #BUSY! cell: __testHost.settled).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildTestHost } from '../../harness/host/build';
import type { TestHostOptions } from '../../harness/host/protocol';
import { OFFICE_JS_URL, isLocal } from '../../harness/e2e/browser';

/** Appended to the test host's office.js: runs after the host installed CustomFunctions, before any bundle. */
export const INSTRUMENTATION = `
;(function () {
  var api = window.CustomFunctions;
  var b = (window.__bench = { calls: 0, answered: 0, synchronous: 0, notices: 0, errors: 0, deliveries: 0, firstCallAt: 0, lastAnswerAt: 0, associatedAt: 0, hostInstalledAt: performance.now(), maxPendingMs: 0, maxBusyMs: 0, perFn: {} });
  if (!api || typeof api.associate !== 'function') return;
  var associate = api.associate;
  function wrap(id, fn) {
    var per = (b.perFn[id] = b.perFn[id] || { calls: 0, deliveries: 0, answered: 0, synchronous: 0 });
    return function () {
      var ctx = arguments[arguments.length - 1];
      var calledAt = performance.now();
      b.calls++;
      per.calls++;
      if (!b.firstCallAt) b.firstCallAt = calledAt;
      var inCall = true;
      if (ctx && typeof ctx.setResult === 'function') {
        var set = ctx.setResult;
        var answered = false;
        var first = true;
        ctx.setResult = function (value) {
          var now = performance.now();
          b.deliveries++;
          per.deliveries++;
          if (first) {
            first = false;
            if (inCall) {
              b.synchronous++;
              per.synchronous++;
            }
            if (now - calledAt > b.maxBusyMs) b.maxBusyMs = now - calledAt;
          }
          var error = value instanceof api.Error;
          if (error && /^loading /.test(value.message || '')) b.notices++;
          else if (!answered) {
            answered = true;
            b.answered++;
            per.answered++;
            if (error) b.errors++;
            b.lastAnswerAt = now;
            if (now - calledAt > b.maxPendingMs) b.maxPendingMs = now - calledAt;
          }
          return set.call(this, value);
        };
      }
      try {
        return fn.apply(this, arguments);
      } finally {
        inCall = false;
      }
    };
  }
  api.associate = function (idOrMappings, fn) {
    if (!b.associatedAt) b.associatedAt = performance.now();
    if (typeof idOrMappings === 'string') return associate.call(this, idOrMappings, wrap(idOrMappings.toUpperCase(), fn));
    var mapped = {};
    Object.keys(idOrMappings).forEach(function (id) { mapped[id] = wrap(id.toUpperCase(), idOrMappings[id]); });
    return associate.call(this, mapped);
  };
  /**
   * Resolves (performance.now()) once \`expected\` invocations answered — or, with \`ids\`, once those
   * functions delivered \`expected\` results in all — and the host settled; rejects after timeoutMs.
   */
  window.__benchWait = function (expected, timeoutMs, ids) {
    var deadline = performance.now() + timeoutMs;
    function count() {
      if (!ids) return b.answered;
      var n = 0;
      ids.forEach(function (id) { n += b.perFn[id] ? b.perFn[id].deliveries : 0; });
      return n;
    }
    return new Promise(function (resolve, reject) {
      function poll() {
        if (performance.now() > deadline) return reject(new Error('bench: ' + count() + ' of ' + expected + ' answered after ' + timeoutMs + ' ms (' + JSON.stringify(b) + ')'));
        if (count() < expected || !window.__testHost) return setTimeout(poll, 1);
        window.__testHost.settled(0).then(function () { resolve(performance.now()); }, function () { setTimeout(poll, 1); });
      }
      poll();
    });
  };
})();
`;

/** The instrument's counters (window.__bench), as read after a wait. */
export interface BenchCounters {
  readonly calls: number;
  readonly answered: number;
  /** Invocations whose first result came inside the call (held data). */
  readonly synchronous: number;
  readonly notices: number;
  readonly errors: number;
  readonly deliveries: number;
  readonly firstCallAt: number;
  readonly lastAnswerAt: number;
  readonly associatedAt: number;
  /** The end of office.js (the test host installed, the workbook open): no bundle runs before. */
  readonly hostInstalledAt: number;
  readonly maxPendingMs: number;
  readonly maxBusyMs: number;
  readonly perFn: Readonly<Record<string, { calls: number; deliveries: number; answered: number; synchronous: number }>>;
}

export interface BenchPage {
  readonly page: Page;
  /** Requests that left 127.0.0.1 (aborted). Expect none. */
  readonly blocked: string[];
  /** Uncaught page errors and console errors. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** A browser context whose pages reach 127.0.0.1 only (everything else aborted and recorded). */
export async function benchContext(browser: Browser, blocked: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 320, height: 800 }, serviceWorkers: 'block', locale: 'en-US', timezoneId: 'America/New_York' });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  return context;
}

/**
 * Opens `url` in a new page of `context` with the test host (and the instrumentation) in place of
 * office.js and `host` as its options; resolves once the page's load event fired.
 */
export async function openBenchPage(
  context: BrowserContext,
  url: string,
  host: TestHostOptions,
  blocked: string[],
  /** Runs on the page before it navigates (e.g. to start a CPU profile). */
  prepare?: (page: Page) => Promise<void>,
  /** More script after the instrumentation (a probe while profiling). */
  extraScript = '',
): Promise<BenchPage> {
  const script = `${await buildTestHost()}\n${INSTRUMENTATION}\n${extraScript}`;
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  await page.route('https://appsforoffice.microsoft.com/**', (route) => {
    const target = route.request().url();
    if (target.split(/[?#]/)[0] === OFFICE_JS_URL) return route.fulfill({ status: 200, contentType: 'application/javascript; charset=utf-8', body: script });
    blocked.push(target);
    return route.abort('blockedbyclient');
  });
  await page.addInitScript((options) => {
    (window as unknown as { __testHostOptions?: unknown }).__testHostOptions = options;
  }, host);
  await prepare?.(page);
  await page.goto(url, { waitUntil: 'load' });
  return { page, blocked, errors, close: () => page.close() };
}

/** Times of one open, in the page's performance.now() (ms since navigation). */
export interface OpenTiming {
  /** The functions bundle's request started (its resource timing). */
  readonly bundleStart: number;
  /** Its last byte arrived. */
  readonly bundleLoaded: number;
  /** The first CustomFunctions.associate (the bundle has run its start-up). */
  readonly associatedAt: number;
  readonly firstCallAt: number;
  /** The last invocation's first real answer (setResult). */
  readonly lastAnswerAt: number;
  /** The host shows every value (its result buffer flushed, settled). */
  readonly shownAt: number;
  readonly counters: BenchCounters;
}

/** Waits until `expected` invocations answered and the host shows them; returns the timings. */
export async function waitForOpen(page: Page, bundlePath: string, expected: number, timeoutMs: number): Promise<OpenTiming> {
  const shownAt = await page.evaluate(([n, ms]) => (window as unknown as { __benchWait(n: number, ms: number): Promise<number> }).__benchWait(n, ms), [
    expected,
    timeoutMs,
  ] as const);
  return page.evaluate(
    ([shown, bundle]) => {
      const entry = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === bundle) as PerformanceResourceTiming | undefined;
      const counters = (window as unknown as { __bench: BenchCounters }).__bench;
      return {
        bundleStart: entry ? entry.startTime : NaN,
        bundleLoaded: entry ? entry.responseEnd : NaN,
        associatedAt: counters.associatedAt,
        firstCallAt: counters.firstCallAt,
        lastAnswerAt: counters.lastAnswerAt,
        shownAt: shown,
        counters: JSON.parse(JSON.stringify(counters)) as BenchCounters,
      };
    },
    [shownAt, bundlePath] as const,
  );
}

/** The do-nothing streaming function for every id of functions.json: answers 0 (or [[0]]) at once, nothing else. */
export function floorBundle(functionsJson: string): string {
  const { functions } = JSON.parse(functionsJson) as { functions: { id: string; result?: { dimensionality?: string } }[] };
  const ids = functions.map((f) => ({ id: f.id, matrix: f.result?.dimensionality === 'matrix' }));
  return `/* npm run bench: the host's floor, a do-nothing streaming function under every id */
(function () {
  var ids = ${JSON.stringify(ids)};
  ids.forEach(function (f) {
    CustomFunctions.associate(f.id, f.matrix
      ? function () { arguments[arguments.length - 1].setResult([[0]]); }
      : function () { arguments[arguments.length - 1].setResult(0); });
  });
})();
`;
}

export const FLOOR_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="UTF-8" /><title>floor</title>
<script src="${OFFICE_JS_URL}"></script>
<script defer src="/bench/floor-functions.js"></script>
</head><body></body></html>
`;
