/**
 * issue 11 §2 and §8 on the Office test host: a pane that Excel runs apart from the functions (the
 * host's split-runtime mode: the page is the pane's runtime, a hidden frame the functions') says so
 * plainly and refreshes nothing, while in one shared runtime it says nothing; a failing
 * `settings.saveAsync` is reported by the pane instead of passing for a saved embed; and a workbook
 * with embedded data opens its pane through the shared runtime (setStartupBehavior/showAsTaskpane).
 */
import type { Browser } from 'playwright-core';
import { EMBEDDED_SETTING } from '../../src/workbook/embeddedPart';
import { startAddinServer, type AddinServer } from '../../harness/e2e/addinServer';
import { launchBrowser, openPane, type Pane } from '../../harness/e2e/browser';

jest.setTimeout(60_000);

let server: AddinServer;
let browser: Browser;
const panes: Pane[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startAddinServer({ fredApiKey: 'e2e-gateway-key' }), launchBrowser()]);
}, 180_000);

afterAll(async () => {
  await Promise.all(panes.map((pane) => pane.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
});

async function open(options: Parameters<typeof openPane>[2] = {}): Promise<Pane> {
  const pane = await openPane(browser, server, options);
  panes.push(pane);
  return pane;
}

const warning = '[data-testid="runtime-warning"]';

describe('the pane and the functions’ runtime', () => {
  it('in a split runtime, the pane says it runs apart from the functions, what to do, and refreshes nothing', async () => {
    const pane = await open({ host: { runtime: 'split' } });
    await pane.host.setCell('A1', '=LIQ.INDEX()');
    const cell = await pane.waitForCell('A1', (c) => typeof c.value === 'number');
    expect(cell.value).toBeGreaterThan(0); // the functions run — in the other runtime

    await pane.page.waitForSelector(`${warning}:not([hidden])`, { timeout: 10_000 });
    const text = await pane.page.locator(warning).textContent();
    expect(text).toMatch(/running apart from the Liquidity Lens functions/);
    expect(text).toMatch(/Close the workbook and open it again/);
    expect(text).toMatch(/manifest .* sharing one runtime/);
    expect(await pane.page.getAttribute(warning, 'role')).toBe('alert');
    expect(await pane.page.isDisabled('[data-testid="refresh-all"]')).toBe(true);

    // Even a click that gets through reaches no gateway from this runtime.
    const before = pane.guard.requests.filter((r) => r.includes('/api/series/')).length;
    await pane.page.locator('[data-testid="refresh-all"]').dispatchEvent('click');
    await pane.page.waitForTimeout(300);
    expect(pane.guard.requests.filter((r) => r.includes('/api/series/')).length).toBe(before);

    const calls = (await pane.host.calls()).map((call) => call.api);
    expect(calls).toContain('(functions runtime attached)');
    expect(calls).toContain('CustomFunctions.associate (pane runtime: Excel does not call these)');
    expect(pane.errors).toEqual([]);
  });

  it('in one shared runtime, the pane knows it is the functions’ runtime and shows no warning', async () => {
    const pane = await open();
    await pane.host.setCell('A1', '=LIQ.INDEX()');
    await pane.waitForCell('A1', (c) => typeof c.value === 'number');
    await pane.page.waitForFunction(() => document.getElementById('app')?.dataset.runtime === 'shared', undefined, { timeout: 10_000 });
    expect(await pane.page.locator(`${warning}:not([hidden])`).count()).toBe(0);
    expect(await pane.page.isDisabled('[data-testid="refresh-all"]')).toBe(false);
  });
});

describe('settings.saveAsync failures', () => {
  it('an embed whose settings cannot be saved is reported, and the file does not claim embedded data', async () => {
    const pane = await open();
    await pane.host.setCell('A1', '=LIQ.INDEX()');
    await pane.waitForCell('A1', (c) => typeof c.value === 'number');
    await pane.host.failSaveAsync(1);
    await pane.page.click('#tab-share');
    await pane.page.click('[data-testid="embed-data"]');
    await pane.page.waitForFunction(() => /^That did not work/.test(document.querySelector('[data-testid="share-status"]')?.textContent ?? ''));
    expect(await pane.page.locator('[data-testid="share-status"]').textContent()).toBe('That did not work: An internal error has occurred.');
    expect((await pane.host.settings())[EMBEDDED_SETTING]).toBeUndefined();
    // The next save goes through: embedding again works.
    await pane.page.click('[data-testid="embed-data"]');
    await pane.page.waitForFunction(() => /^Embedded \d+ series/.test(document.querySelector('[data-testid="share-status"]')?.textContent ?? ''));
    expect((await pane.host.settings())[EMBEDDED_SETTING]).toBeDefined();

    // Embedding asks Office to load the add-in with this document, never to AutoShow a pane.
    expect((await pane.host.calls()).filter((call) => call.api === 'Office.addin.setStartupBehavior').map((call) => call.args)).toEqual([['Load']]);
    expect((await pane.host.settings())['Office.AutoShowTaskpaneWithDocument']).toBeUndefined();
    // Reopened, the workbook computes from its embedded data and the runtime shows the pane.
    const reopened = await open({ host: { workbook: await pane.host.saveWorkbook() } });
    await reopened.page.waitForFunction(() => !document.querySelector('[data-testid="pinned-banner"]')?.hasAttribute('hidden'));
    expect((await reopened.host.calls()).map((call) => call.api)).toContain('Office.addin.showAsTaskpane');
  });
});
