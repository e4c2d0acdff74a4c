/**
 * Sharing (DESIGN §7) end to end on the Office test host: an author refreshes and embeds — public
 * series by default, market prices only when they tick the box; the saved workbook (formulas under
 * Excel's `_xldudf_` names, parts re-serialised as Excel hands them back) opens for a recipient with
 * an empty machine store and no gateway, and every cell shows exactly the author's value (or #N/A
 * for the market prices the author did not share); refreshing while pinned re-embeds; a corrupt
 * part is reported and ignored; freeze writes values equal to the formula results; no key is ever
 * written. Also what the host refuses as Excel does: parts over 1 MB, plain names in saved files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { WorkbookSnapshot } from '../../harness/host/protocol';
import { startAddinServer, type AddinServer } from '../../harness/e2e/addinServer';
import { RESULTS_DIR, launchBrowser, openPane, type Pane } from '../../harness/e2e/browser';
import { DOMParser } from '@xmldom/xmldom';
import { decodeEmbeddedParts, EMBEDDED_SETTING, type DecodedPart } from '../../src/workbook/embeddedPart';

const xmlParser = new DOMParser({ onError: () => undefined });
const decodeSaved = (workbook: WorkbookSnapshot): DecodedPart =>
  decodeEmbeddedParts(
    workbook.customXmlParts.map((part) => part.xml),
    xmlParser,
  );
const PUBLIC_IDS = ['FF.UPPER', 'GOLD.M', 'M2.US', 'RRP', 'SOFR', 'SPX.M', 'TGA', 'WALCL'];
const MARKET_IDS = ['BTC', 'GOLD', 'NDX', 'QQQ', 'SPX'];

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

const noGateway = (page: Page) => page.route('**/api/**', (route) => route.abort());

describe('sharing a workbook', () => {
  let authorValues: Record<string, unknown>;
  let saved: WorkbookSnapshot;
  const userKey = 'user-key-that-must-stay-home';

  let publicOnly: WorkbookSnapshot;

  it('the author refreshes, then embeds the public series the formulas use; market prices only when they tick the box', async () => {
    const author = await open();
    for (const [address, formula] of Object.entries(FORMULAS)) await author.host.setCell(address, formula);
    await author.page.click('#tab-settings');
    await author.page.fill('[data-testid="key-FRED"]', userKey);
    await author.page.click('[data-testid="key-save-FRED"]');
    await author.page.click('#tab-data');
    expect(await author.page.isVisible('[data-testid="embed-offer"]')).toBe(true);
    await author.page.click('[data-testid="refresh-all"]');
    await author.page.waitForFunction(() => /^Refreshed \d+ of \d+/.test(document.querySelector('[data-testid="refresh-progress"]')?.textContent ?? ''), undefined, {
      timeout: 30_000,
    });
    await author.host.settled(10_000);
    authorValues = await values(author);
    // C1 is the spill's header ('date'); every other cell is a number, none an error.
    for (const [address, value] of Object.entries(authorValues)) expect([address, typeof value]).toEqual([address, address === 'C1' ? 'string' : 'number']);

    // By default: public series only, and the pane says which were left out.
    await author.page.click('#tab-share');
    expect(await author.page.isChecked('[data-testid="embed-restricted"]')).toBe(false);
    await author.page.click('[data-testid="embed-data"]');
    await author.page.waitForFunction(() => /^Embedded \d+ series/.test(document.querySelector('[data-testid="share-status"]')?.textContent ?? ''));
    const status = (await shareStatus(author)) ?? '';
    const notEmbedded = /Not embedded [^:]*: (.*)$/.exec(status)?.[1] ?? '';
    expect(
      notEmbedded
        .split(/,\s*/)
        .map((id) => id.replace(/[^A-Z.]/g, '').replace(/\.$/, ''))
        .sort(),
    ).toEqual(MARKET_IDS);
    publicOnly = await author.host.saveWorkbook();
    const firstDecoded = decodeSaved(publicOnly);
    if (!firstDecoded.ok) throw new Error(firstDecoded.reason);
    expect(firstDecoded.items.map((item) => item.series.id).sort()).toEqual(PUBLIC_IDS);

    // Opting in: everything the formulas read, and the earlier set is replaced, not added to.
    await author.page.check('[data-testid="embed-restricted"]');
    const started = Date.now();
    await author.page.click('[data-testid="embed-data"]');
    await author.page.waitForFunction(() => /^Embedded 13 series/.test(document.querySelector('[data-testid="share-status"]')?.textContent ?? ''));
    const embedMs = Date.now() - started;
    saved = await author.host.saveWorkbook();
    const setting = JSON.parse(saved.settings[EMBEDDED_SETTING]!);
    expect(setting).toMatchObject({ partIds: saved.customXmlParts.map((part) => part.id), format: 2 });
    // The pane opens with the workbook through the shared runtime, not AutoShow (src/workbook/startupBehavior.ts).
    expect(saved.settings['Office.AutoShowTaskpaneWithDocument']).toBeUndefined();
    expect((await author.host.calls()).filter((call) => call.api === 'Office.addin.setStartupBehavior').map((call) => call.args)).toContainEqual(['Load']);
    const decoded = decodeSaved(saved);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.items.map((item) => item.series.id).sort()).toEqual([...PUBLIC_IDS, ...MARKET_IDS].sort());
    // The file holds Excel's serialisation of each part (the host re-serialises), and every part is under 1 MB.
    for (const part of saved.customXmlParts) {
      expect(part.xml.startsWith('<?xml version="1.0" standalone="no"?>')).toBe(true);
      expect(Buffer.byteLength(part.xml)).toBeLessThan(1_000_000);
    }
    // Formulas are saved under Excel's stored names.
    expect(saved.sheets[0]!.cells.A1!.f).toBe('=_xldudf_LIQ_INDEX()');
    expect(saved.sheets[0]!.cells.A5!.f).toBe('=_xldudf_CREDIT_LOSS(0.2)');
    // Nothing secret leaves the machine: neither the user's key nor the gateway's.
    const everything = JSON.stringify(saved);
    expect(everything).not.toContain(userKey);
    expect(everything).not.toContain('gateway-key-never-in-a-workbook');
    expect(everything).not.toMatch(/api_key=/i);
    metrics.embedMs = embedMs;
    metrics.embeddedParts = saved.customXmlParts.length;
    metrics.largestEmbeddedPartBytes = Math.max(...saved.customXmlParts.map((part) => Buffer.byteLength(part.xml)));
  });

  it('a recipient with an empty store and no gateway sees exactly the author’s numbers, pinned', async () => {
    const started = Date.now();
    // No gateway from the first request on: the functions ask for what is not held as soon as they load.
    const recipient = await openPane(browser, server, { host: { workbook: saved }, settle: false, beforeLoad: noGateway });
    panes.push(recipient);
    await recipient.host.settled(20_000);
    await recipient.page.waitForFunction(() => !document.querySelector('[data-testid="pinned-banner"]')?.hasAttribute('hidden'));
    // Computing from embedded data, the runtime shows the pane on open (Office.addin.showAsTaskpane).
    expect((await recipient.host.calls()).map((call) => call.api)).toContain('Office.addin.showAsTaskpane');
    const restoreMs = Date.now() - started;
    expect(await values(recipient)).toEqual(authorValues);
    expect(await recipient.page.locator('#pinned-text').textContent()).toMatch(/^Pinned to the data embedded .* \(data as of \d{4}-\d{2}-\d{2}\)/);
    expect(await recipient.page.isVisible('[data-testid="embed-offer"]')).toBe(false);
    // Once the functions are registered the stored names read as typed.
    expect((await recipient.host.cell('A1')).formula).toBe('=LIQ.INDEX()');
    metrics.openToIdenticalValuesMs = restoreMs;
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(path.join(RESULTS_DIR, 'sharing-metrics.json'), JSON.stringify(metrics, null, 2));
  });

  it('a recipient of the default (public-only) workbook sees the public numbers and #N/A where market prices were left out', async () => {
    // No gateway from the first request on: the functions ask for what is not held as soon as they load.
    const recipient = await openPane(browser, server, { host: { workbook: publicOnly }, settle: false, beforeLoad: noGateway });
    panes.push(recipient);
    await recipient.host.settled(20_000);
    const got = await values(recipient);
    for (const address of ['A1', 'A2', 'A4', 'A5', 'C1', 'C2', 'D2', 'G2']) expect([address, got[address]]).toEqual([address, authorValues[address]]);
    for (const address of ['A6', 'A7']) expect([address, (await recipient.host.cell(address)).error?.code]).toEqual([address, '#N/A']);
  });

  it('refreshing while pinned updates the store and the embedded data', async () => {
    const pane = await open(saved);
    const before = await pane.host.customXmlParts();
    await pane.page.click('[data-testid="refresh-all"]');
    await pane.page.waitForFunction(() => /^Embedded \d+ series/.test(document.querySelector('[data-testid="share-status"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const after = await pane.host.customXmlParts();
    expect(after.map((part) => part.id)).not.toEqual(before.map((part) => part.id));
    const decode = (parts: { xml: string }[]) =>
      decodeEmbeddedParts(
        parts.map((part) => part.xml),
        xmlParser,
      );
    const [was, now] = [decode(before), decode(after)];
    expect(was.ok && now.ok && now.embeddedAt > was.embeddedAt).toBe(true);
    // The set is replaced, not added to.
    expect(after.length).toBe(before.length);
  });

  it('reports and ignores a corrupt or foreign-version part, computing from the machine’s data instead', async () => {
    for (const xml of [
      '<snapshot xmlns="urn:liquidity-lens:embedded-data" format="1"><![CDATA[{"format":1,"cat]]></snapshot>',
      '<snapshot xmlns="urn:liquidity-lens:embedded-data" format="7"><![CDATA[{}]]></snapshot>',
    ]) {
      const broken: WorkbookSnapshot = { ...saved, customXmlParts: [{ ...saved.customXmlParts[0]!, xml }] };
      const pane = await open(broken);
      await pane.page.click('#tab-share');
      await pane.page.waitForFunction(() => /^Embedded data not used/.test(document.querySelector('[data-testid="share-status"]')?.textContent ?? ''));
      expect(await shareStatus(pane)).toMatch(/not complete JSON|data format 7/);
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
    const header = await pane.host.cells("'Liquidity Lens sources'!A1:K1");
    expect(header[0]!.map((cell) => cell.value)).toEqual([
      'Series',
      'Name',
      'Source',
      'Provenance',
      'URL',
      'Units',
      'First observation',
      'Last observation',
      'Retrieved at',
      'Licence',
      'Redistribution',
    ]);
    // The author shared market prices: the sheet says whose they are.
    const rows = await pane.host.cells("'Liquidity Lens sources'!A2:K14");
    const btc = rows.find((row) => row[0]!.value === 'BTC');
    expect(String(btc?.[10]?.value)).toMatch(/^Not redistributable by Liquidity Lens: Market prices .*author chose to include it/);
    const walcl = rows.find((row) => row[0]!.value === 'WALCL');
    expect(String(walcl?.[10]?.value)).toMatch(/^Public/);
    await pane.screenshot('pane-share');
  });
});

describe('what the test host refuses, as Excel does', () => {
  it('a custom XML part over 1 MB (Office on the web, office-js #2408)', async () => {
    const pane = await open();
    const outcome = await pane.page.evaluate(async () => {
      const big = `<big xmlns="urn:x">${'a'.repeat(1_048_577)}</big>`;
      const small = `<small xmlns="urn:x">${'a'.repeat(1_000_000)}</small>`;
      const add = (xml: string) =>
        Excel.run(async (context) => {
          context.workbook.customXmlParts.add(xml);
          await context.sync();
        }).then(
          () => 'accepted',
          (error: OfficeExtension.Error) => error.code,
        );
      return { big: await add(big), small: await add(small) };
    });
    expect(outcome).toEqual({ big: 'GeneralException', small: 'accepted' });
  });

  it('a saved plain LIQ.INDEX(…) stays #NAME? after the add-in loads; the stored _xldudf_ form computes; an unregistered _xldudf_ name is #NAME?', async () => {
    const workbook: WorkbookSnapshot = {
      format: 'liquidity-lens-test-workbook/1',
      activeSheet: 'Sheet1',
      customXmlParts: [],
      settings: {},
      sheets: [
        {
          name: 'Sheet1',
          id: '{00000000-0000-4000-8000-000000000001}',
          visibility: 'Visible',
          cells: {
            A1: { f: '=_xldudf_LIQ_INDEX("2025-12-24")', v: 5774.891 },
            A2: { f: '=LIQ.INDEX("2025-12-24")', v: 5774.891 },
            A3: { f: '=_xldudf_LIQ_NOT_A_FUNCTION()', v: 1 },
          },
        },
      ],
    };
    const pane = await open(workbook);
    await pane.host.settled(20_000);
    expect(await pane.host.cell('A1')).toMatchObject({ formula: '=LIQ.INDEX("2025-12-24")', value: 5774.891 });
    expect((await pane.host.cell('A2')).error?.code).toBe('#NAME?');
    expect((await pane.host.cell('A3')).error?.code).toBe('#NAME?');
    // Typing the formula again binds it, as in Excel.
    await pane.host.setCell('A2', '=LIQ.INDEX("2025-12-24")');
    await pane.host.settled();
    expect((await pane.host.cell('A2')).value).toBe(5774.891);
  });
});
