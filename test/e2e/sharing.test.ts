/**
 * Sharing (DESIGN §7) end to end on the Office test host: an author refreshes and embeds; the saved
 * workbook opens for a recipient with an empty machine store and no gateway, and every cell shows
 * exactly the author's value; refreshing while pinned re-embeds; a corrupt part is reported and
 * ignored; freeze writes values equal to the formula results; no key is ever written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { WorkbookSnapshot } from './host/protocol';
import { startAddinServer, type AddinServer } from './support/addinServer';
import { RESULTS_DIR, launchBrowser, openPane, type Pane } from './support/browser';
import { decodeEmbeddedPart, EMBEDDED_SETTING } from '../../src/workbook/embeddedPart';

jest.setTimeout(60_000);

let server: AddinServer;
let browser: Browser;
const panes: Pane[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startAddinServer({ fredApiKey: 'gateway-key-never-in-a-workbook' }), launchBrowser()]);
}, 180_000);

afterAll(async () => {
  await Promise.all(panes.map((pane) => pane.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
});

async function open(workbook?: WorkbookSnapshot, offline = false): Promise<Pane> {
  const pane = await openPane(browser, server, { host: workbook ? { workbook } : {}, settle: !offline });
  panes.push(pane);
  return pane;
}

const FORMULAS: Record<string, string> = {
  A1: '=LIQ.INDEX()',
  A2: '=LIQ.STRESS()',
  A3: '=RATIO.GOLD("SPX","2000-08-31")',
  A4: '=LIQ.M2.YOY()',
  A5: '=CREDIT.LOSS(0.2)',
  A6: '=RATIO.GOLD("QQQ")',
  A7: '=LIQ.CORR("BTC","NDX",21)',
  C1: '=LIQ.SERIES("2026-06-01")',
};

async function values(pane: Pane): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const address of [...Object.keys(FORMULAS), 'C2', 'D2', 'G2']) out[address] = (await pane.host.cell(address)).value;
  return out;
}

/** Measured here, reported in test-results/sharing-metrics.json. */
const metrics: Record<string, number> = {};

const shareStatus = (pane: Pane) => pane.page.locator('[data-testid="share-status"]').textContent();

describe('sharing a workbook', () => {
  let authorValues: Record<string, unknown>;
  let saved: WorkbookSnapshot;
  const userKey = 'user-key-that-must-stay-home';

  it('the author refreshes, then embeds exactly the series the formulas use', async () => {
    const author = await open();
    for (const [address, formula] of Object.entries(FORMULAS)) await author.host.setCell(address, formula);
    await author.page.click('#tab-settings');
    await author.page.fill('[data-testid="key-FRED"]', userKey);
    await author.page.click('[data-testid="key-save-FRED"]');
    await author.page.click('#tab-data');
    expect(await author.page.isVisible('[data-testid="embed-offer"]')).toBe(true);
    await author.page.click('[data-testid="refresh-all"]');
    await author.page.waitForFunction(() => /^Refreshed \d+ of \d+/.test(document.querySelector('[data-testid="refresh-progress"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    await author.host.settled(10_000);
    authorValues = await values(author);
    // C1 is the spill's header ('date'); every other cell is a number, none an error.
    for (const [address, value] of Object.entries(authorValues)) expect([address, typeof value]).toEqual([address, address === 'C1' ? 'string' : 'number']);

    await author.page.click('#tab-share');
    const started = Date.now();
    await author.page.click('[data-testid="embed-data"]');
    await author.page.waitForFunction(() => /^Embedded \d+ series/.test(document.querySelector('[data-testid="share-status"]')?.textContent ?? ''));
    const embedMs = Date.now() - started;
    saved = await author.host.saveWorkbook();
    expect(saved.customXmlParts).toHaveLength(1);
    const setting = JSON.parse(saved.settings[EMBEDDED_SETTING]!);
    expect(setting).toMatchObject({ partId: saved.customXmlParts[0]!.id, format: 1 });
    // The pane opens with the workbook through the shared runtime, not AutoShow (src/functions/startupBehavior.ts).
    expect(saved.settings['Office.AutoShowTaskpaneWithDocument']).toBeUndefined();
    expect((await author.host.calls()).filter((call) => call.api === 'Office.addin.setStartupBehavior').map((call) => call.args)).toContainEqual(['Load']);
    const decoded = decodeEmbeddedPart(saved.customXmlParts[0]!.xml);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.items.map((item) => item.series.id).sort()).toEqual(['BTC', 'FF.UPPER', 'GOLD', 'GOLD.M', 'M2.US', 'NDX', 'QQQ', 'RRP', 'SOFR', 'SPX', 'SPX.M', 'TGA', 'WALCL'].sort());
    // Nothing secret leaves the machine: neither the user's key nor the gateway's.
    const everything = JSON.stringify(saved);
    expect(everything).not.toContain(userKey);
    expect(everything).not.toContain('gateway-key-never-in-a-workbook');
    expect(everything).not.toMatch(/api_key=/i);
    metrics.embedMs = embedMs;
    metrics.embeddedPartBytes = saved.customXmlParts[0]!.xml.length;
  });

  it('a recipient with an empty store and no gateway sees exactly the author’s numbers, pinned', async () => {
    const started = Date.now();
    const recipient = await openPane(browser, server, { host: { workbook: saved }, settle: false });
    panes.push(recipient);
    await recipient.page.route('**/api/**', (route) => route.abort());
    await recipient.host.settled(20_000);
    await recipient.page.waitForFunction(() => !document.querySelector('[data-testid="pinned-banner"]')?.hasAttribute('hidden'));
    // Computing from embedded data, the runtime shows the pane on open (Office.addin.showAsTaskpane).
    expect((await recipient.host.calls()).map((call) => call.api)).toContain('Office.addin.showAsTaskpane');
    const restoreMs = Date.now() - started;
    expect(await values(recipient)).toEqual(authorValues);
    expect(await recipient.page.locator('#pinned-text').textContent()).toMatch(/^Pinned to the data embedded .* \(data as of \d{4}-\d{2}-\d{2}\)/);
    expect(await recipient.page.isVisible('[data-testid="embed-offer"]')).toBe(false);
    metrics.openToIdenticalValuesMs = restoreMs;
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(path.join(RESULTS_DIR, 'sharing-metrics.json'), JSON.stringify(metrics, null, 2));
  });

  it('refreshing while pinned updates the store and the embedded data', async () => {
    const pane = await open(saved);
    const before = (await pane.host.customXmlParts())[0]!;
    await pane.page.click('[data-testid="refresh-all"]');
    await pane.page.waitForFunction(() => /^Embedded \d+ series/.test(document.querySelector('[data-testid="share-status"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const after = (await pane.host.customXmlParts())[0]!;
    expect(after.id).not.toBe(before.id);
    const decoded = decodeEmbeddedPart(after.xml);
    expect(decoded.ok && decoded.embeddedAt > (decodeEmbeddedPart(before.xml) as { embeddedAt: string }).embeddedAt).toBe(true);
    expect((await pane.host.customXmlParts()).length).toBe(1);
  });

  it('reports and ignores a corrupt or foreign-version part, computing from the machine’s data instead', async () => {
    for (const xml of ['<snapshot xmlns="urn:liquidity-lens:embedded-data" format="1"><![CDATA[{"format":1,"cat', '<snapshot xmlns="urn:liquidity-lens:embedded-data" format="7"><![CDATA[{}]]></snapshot>']) {
      const broken: WorkbookSnapshot = { ...saved, customXmlParts: [{ ...saved.customXmlParts[0]!, xml }] };
      const pane = await open(broken);
      await pane.page.click('#tab-share');
      await pane.page.waitForFunction(() => /^Embedded data not used/.test(document.querySelector('[data-testid="share-status"]')?.textContent ?? ''));
      expect(await shareStatus(pane)).toMatch(/not a Liquidity Lens data part|data format 7/);
      expect(typeof (await pane.host.cell('A3')).value).toBe('number');
      expect(pane.errors).toEqual([]);
    }
  });

  it('freezes formulas to values in a copy sheet and writes a sources sheet', async () => {
    const pane = await open(saved);
    const live = await values(pane);
    await pane.page.click('#tab-share');
    await pane.page.click('[data-testid="freeze-values"]');
    await pane.page.waitForFunction(() => /^Wrote "Sheet1 \(values\)"/.test(document.querySelector('[data-testid="share-status"]')?.textContent ?? ''));
    for (const address of Object.keys(live)) {
      const frozen = await pane.host.cell(`'Sheet1 (values)'!${address}`);
      expect([address, frozen.value]).toEqual([address, live[address]]);
      expect(String(frozen.formula)).not.toMatch(/LIQ\.|RATIO\.|CREDIT\./);
    }
    await pane.page.click('[data-testid="write-sources"]');
    await pane.page.waitForFunction(() => /^Wrote \d+ series to the sheet/.test(document.querySelector('[data-testid="share-status"]')?.textContent ?? ''));
    const header = await pane.host.cells("'Liquidity Lens sources'!A1:J1");
    expect(header[0]!.map((cell) => cell.value)).toEqual(['Series', 'Name', 'Source', 'Provenance', 'URL', 'Units', 'First observation', 'Last observation', 'Retrieved at', 'Licence']);
    await pane.screenshot('pane-share');
  });
});
