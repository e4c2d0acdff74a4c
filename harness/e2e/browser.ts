/**
 * Headless Chromium for the browser tests, and the task pane opened in it the way Excel would
 * host it: 320 px wide, office.js answered by the test host (harness/host), and a network guard
 * that lets the page reach 127.0.0.1 only — any other request (or WebSocket) is aborted and
 * recorded, so a test can assert that none happened.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildTestHost } from '../host/build';
import type { TestCell, TestHost, TestHostOptions } from '../host/protocol';
import type { AddinServer } from './addinServer';
import { ROOT } from './addinBuild';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
export const RESULTS_DIR = path.join(ROOT, 'test-results');

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Chromium with a fresh, temporary profile (Playwright's default for launch()). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install it (Debian: apt-get install --no-install-recommends chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface NetworkGuard {
  /** Every request the page made, as `METHOD url`. */
  readonly requests: string[];
  /** Requests (and WebSockets) to anywhere but 127.0.0.1, aborted. Expect it empty. */
  readonly blocked: string[];
  /** How often office.js was answered with the test host. */
  officeJsServed: number;
}

/** Every member of the test host, called in the page (functions) or read (properties), as a promise. */
export type RemoteTestHost = {
  [K in keyof TestHost]: TestHost[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : () => Promise<TestHost[K]>;
};

export interface Pane {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly guard: NetworkGuard;
  readonly host: RemoteTestHost;
  /** Uncaught page errors and console errors, in order. */
  readonly errors: string[];
  /** Every console message, `type: text`. */
  readonly console: string[];
  /** Polls a cell until `accept` returns true (default: it is no longer #BUSY!). */
  waitForCell(address: string, accept?: (cell: TestCell) => boolean, timeoutMs?: number): Promise<TestCell>;
  /** Saves test-results/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Reloads the page (the add-in's runtime restarts; the workbook stays, as in Excel) and waits until settled. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenPaneOptions {
  readonly host?: TestHostOptions;
  readonly width?: number;
  readonly height?: number;
  /** Wait for the host to settle (Office ready, metadata loaded, no #BUSY! cell) before returning (default true). */
  readonly settle?: boolean;
  /** Runs on the page before it navigates: a route set after the load would miss the first requests. */
  readonly beforeLoad?: (page: Page) => Promise<unknown>;
}

function remoteHost(page: Page): RemoteTestHost {
  return new Proxy({} as RemoteTestHost, {
    get(_target, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      return (...args: unknown[]) =>
        page.evaluate(
          ([member, params]) => {
            const host = (window as unknown as { __testHost?: Record<string, unknown> }).__testHost;
            if (!host) throw new Error('window.__testHost is missing: the test host did not load');
            const value = host[member as string];
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).apply(host, params as unknown[]) : value;
          },
          [name, args] as const,
        );
    },
  });
}

/** Whether `url` stays on this machine (127.0.0.1, data: or blob:): what the browser tests and benchmarks let through. */
export const isLocal = (url: string): boolean => {
  try {
    const parsed = new URL(url);
    return parsed.hostname === '127.0.0.1' || parsed.protocol === 'data:' || parsed.protocol === 'blob:';
  } catch {
    return false;
  }
};

/** The task pane of `server` in a new browser context, with the test host in place of office.js. */
export async function openPane(browser: Browser, server: Pick<AddinServer, 'url'>, options: OpenPaneOptions = {}): Promise<Pane> {
  const hostScript = await buildTestHost();
  const context = await browser.newContext({
    viewport: { width: options.width ?? 320, height: options.height ?? 800 },
    deviceScaleFactor: 1,
    serviceWorkers: 'block',
    locale: 'en-US',
    timezoneId: 'America/New_York',
  });
  const guard: NetworkGuard = { requests: [], blocked: [], officeJsServed: 0 };
  await context.route('**/*', async (route) => {
    const request = route.request();
    if (isLocal(request.url())) return route.continue();
    guard.blocked.push(`${request.method()} ${request.url()}`);
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket(
    (url) => !isLocal(url.href),
    (ws) => {
      guard.blocked.push(`WEBSOCKET ${ws.url()}`);
      return ws.close();
    },
  );

  const page = await context.newPage();
  page.on('request', (request) => guard.requests.push(`${request.method()} ${request.url()}`));
  // Page routes come before context routes: office.js is answered here, anything else on the CDN is blocked.
  await page.route('https://appsforoffice.microsoft.com/**', async (route) => {
    const url = route.request().url();
    if (url.split(/[?#]/)[0] === OFFICE_JS_URL) {
      guard.officeJsServed++;
      return route.fulfill({ status: 200, contentType: 'application/javascript; charset=utf-8', body: hostScript });
    }
    guard.blocked.push(`${route.request().method()} ${url}`);
    return route.abort('blockedbyclient');
  });
  await page.addInitScript((hostOptions) => {
    (window as unknown as { __testHostOptions?: unknown }).__testHostOptions = hostOptions;
  }, options.host ?? {});

  const errors: string[] = [];
  const consoleLines: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.stack ?? error.message}`));
  page.on('console', (message) => {
    consoleLines.push(`${message.type()}: ${message.text()}`);
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });

  const host = remoteHost(page);
  const settle = options.settle ?? true;
  const load = async (navigate: () => Promise<unknown>) => {
    await navigate();
    if (settle) await host.settled(15_000);
  };
  await options.beforeLoad?.(page);
  await load(() => page.goto(`${server.url}/taskpane.html`, { waitUntil: 'load' }));

  return {
    page,
    context,
    guard,
    host,
    errors,
    console: consoleLines,
    async waitForCell(address, accept = (cell) => cell.value !== '#BUSY!', timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const cell = await host.cell(address);
        if (accept(cell)) return cell;
        if (Date.now() > deadline) throw new Error(`cell ${address} did not get there in ${timeoutMs} ms; it is ${JSON.stringify(cell)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async screenshot(name) {
      mkdirSync(RESULTS_DIR, { recursive: true });
      const file = path.join(RESULTS_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    reload: () => load(() => page.reload({ waitUntil: 'load' })),
    close: () => context.close(),
  };
}
