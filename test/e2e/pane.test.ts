/**
 * The task pane in headless Chromium, on the Office test host, against the real gateway and a mock
 * of every upstream on 127.0.0.1: open → series listed with states → Refresh all → progress m of m →
 * fresh → the =LIQ.INDEX() cell shows the new value → charts drawn → a key survives a reload and
 * stays out of the document → a failing upstream shows an error while the old value stays.
 * Screenshots go to test-results/ (pane-default, pane-refreshing, pane-error).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { FRED_OBSERVATIONS_PATH } from '../../harness/upstreams/mockUpstream';
import { startAddinServer, type AddinServer } from '../../harness/e2e/addinServer';
import { RESULTS_DIR, launchBrowser, openPane, type Pane } from '../../harness/e2e/browser';

jest.setTimeout(60_000);

let server: AddinServer;
let browser: Browser;
let pane: Pane;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAddinServer({ fredApiKey: 'e2e-gateway-key' }), launchBrowser()]);
  pane = await openPane(browser, server);
}, 180_000);

afterAll(async () => {
  await pane?.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

const row = (id: string) => pane.page.locator(`[data-testid="series-row"][data-series-id="${id}"]`);
const stateOf = (id: string) => row(id).locator('[data-testid="series-state"]').textContent();

describe('the task pane', () => {
  let before: unknown;

  it('lists the series the workbook’s formulas read, with their state, fast', async () => {
    await pane.host.setCell('A1', '=LIQ.INDEX()');
    before = (await pane.waitForCell('A1', (cell) => typeof cell.value === 'number')).value;
    await pane.page.waitForFunction(() => document.querySelectorAll('[data-testid="series-row"]').length === 3);
    const ids = await pane.page.locator('[data-testid="series-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-series-id')));
    expect(ids).toEqual(['WALCL', 'TGA', 'RRP']);
    // The embedded snapshot ends in August 2026: by the seeded upstream's date, every one is due.
    for (const id of ids) expect(await stateOf(id as string)).toBe('Stale');
    const drawnMs = await pane.page.evaluate(() => performance.getEntriesByName('liquidity-lens:series-list-drawn')[0]?.startTime);
    expect(drawnMs).toBeGreaterThan(0);
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(path.join(RESULTS_DIR, 'pane-metrics.json'), JSON.stringify({ seriesListDrawnMs: drawnMs }, null, 2));
    await pane.screenshot('pane-default');
  });

  it('refreshes all with n-of-m progress; states turn fresh and the cell shows the new value', async () => {
    server.upstream.fault(FRED_OBSERVATIONS_PATH, { latencyMs: 600 });
    await pane.page.click('[data-testid="refresh-all"]');
    await pane.page.waitForFunction(() => /Refreshing \d of 3/.test(document.querySelector('[data-testid="refresh-progress"]')?.textContent ?? ''));
    expect(await pane.page.isDisabled('[data-testid="refresh-all"]')).toBe(true);
    expect(await stateOf('WALCL')).toBe('Refreshing');
    await pane.screenshot('pane-refreshing');
    await pane.page.waitForFunction(() => document.querySelector('[data-testid="refresh-progress"]')?.textContent === 'Refreshed 3 of 3', undefined, { timeout: 20_000 });
    server.upstream.fault(FRED_OBSERVATIONS_PATH, undefined);
    for (const id of ['WALCL', 'TGA', 'RRP']) expect(await stateOf(id)).toBe('Fresh');
    const after = await pane.waitForCell('A1', (cell) => typeof cell.value === 'number' && cell.value !== before);
    // The seeded upstream's newest Wednesday: WALCL − WDTGAL (millions → billions) − RRP (billions, ≥ 0).
    const seeded = server.seeded!;
    expect(seeded.lastDates.WALCL).toBe(seeded.lastDates.TGA);
    const rrp = (seeded.lastValues.WALCL! - seeded.lastValues.TGA!) / 1000 - (after.value as number);
    expect(rrp).toBeGreaterThanOrEqual(0);
    expect(rrp).toBeLessThan(3000);
  });

  it('draws the net-liquidity and repo-stress charts (non-blank canvases)', async () => {
    await pane.page.click('#tab-charts');
    await pane.page.waitForSelector('[data-testid="chart-liquidity"] canvas');
    const inked = await pane.page.evaluate(() =>
      ['chart-liquidity', 'chart-stress'].map((id) => {
        const canvas = document.querySelector<HTMLCanvasElement>(`#${id} canvas`);
        if (!canvas) return 0;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let coloured = 0;
        // RGBA, four bytes a pixel: i + 3 < pixels.length (and this runs in the page: no helpers to import).
        for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3]! > 0 && !(pixels[i]! > 240 && pixels[i + 1]! > 240 && pixels[i + 2]! > 240)) coloured++;
        return coloured;
      }),
    );
    for (const count of inked) expect(count).toBeGreaterThan(500);
    await pane.screenshot('pane-charts');
  });

  it('moves between tabs with the arrow keys', async () => {
    await pane.page.focus('#tab-charts');
    await pane.page.keyboard.press('ArrowRight');
    expect(await pane.page.getAttribute('#tab-share', 'aria-selected')).toBe('true');
    expect(await pane.page.isVisible('#panel-share')).toBe(true);
    await pane.page.keyboard.press('End');
    expect(await pane.page.evaluate(() => document.activeElement?.id)).toBe('tab-settings');
    expect(await pane.page.isVisible('#panel-charts')).toBe(false);
  });

  it('inserts a function’s example into the selected cell', async () => {
    await pane.host.select('C3');
    await pane.page.click('#tab-functions');
    await pane.page.click('[data-testid="insert-CREDIT.LOSS"]');
    const cell = await pane.waitForCell('C3', (c) => typeof c.value === 'number');
    expect(cell.formula).toBe('=CREDIT.LOSS(0.2)');
    expect(cell.value as number).toBeCloseTo(0.1298, 4); // DESIGN §3.3
  });

  it('keeps an API key on this machine across a reload, and never in the document', async () => {
    const key = 'e2e-user-key-0123456789';
    await pane.page.click('#tab-settings');
    await pane.page.fill('[data-testid="key-FRED"]', key);
    await pane.page.click('[data-testid="key-save-FRED"]');
    await pane.page.waitForFunction(() => /Saved on this computer/.test(document.querySelector('[data-testid="key-status-FRED"]')?.textContent ?? ''));
    await pane.page.click('[data-testid="key-test-FRED"]');
    await pane.page.waitForFunction(() => /^OK: FRED accepted the key/.test(document.querySelector('[data-testid="key-status-FRED"]')?.textContent ?? ''));
    await pane.reload();
    await pane.page.click('#tab-settings');
    await pane.page.waitForFunction((k) => (document.querySelector('[data-testid="key-FRED"]') as HTMLInputElement | null)?.value === k, key);
    const documentText = JSON.stringify([await pane.host.settings(), await pane.host.sessionSettings(), await pane.host.customXmlParts(), await pane.host.saveWorkbook()]);
    expect(documentText).not.toContain(key);
    expect(JSON.stringify(await pane.host.storage())).toContain(key);
  });

  it('shows a failing source as an error with its reason while the old value stays in use', async () => {
    await pane.page.click('#tab-data');
    await pane.host.setCell('A1', '=LIQ.INDEX()');
    const held = (await pane.waitForCell('A1', (cell) => typeof cell.value === 'number')).value;
    // The gateway's answer for WALCL fails (as when its upstream is down and nothing is cached).
    await pane.page.route('**/api/series/WALCL*', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'upstream', message: 'FRED is unavailable' } }) }),
    );
    await row('WALCL').getByRole('button').click();
    await pane.page.waitForFunction(() => document.querySelector('[data-series-id="WALCL"] [data-testid="series-state"]')?.textContent === 'Error', undefined, { timeout: 20_000 });
    expect(await row('WALCL').locator('[data-testid="series-message"]').textContent()).toMatch(/HTTP 503 for WALCL: FRED is unavailable/);
    expect((await pane.host.cell('A1')).value).toBe(held);
    expect(await stateOf('TGA')).toBe('Fresh');
    await pane.screenshot('pane-error');
    await pane.page.unroute('**/api/series/WALCL*');
  });
});
