/**
 * Freeze to values that leaves the workbook working (issue 11 §6, DESIGN §7), through the pane on
 * the Office test host: the copy is Excel's own Worksheet.copy, only our formulas and their spills
 * become values, a built-in formula over one of our spills (`=SUM(A1#)`) keeps its value instead of
 * turning #REF!, every request stays under Excel on the web's 5 MB payload cap (the host refuses a
 * larger one, as Excel does), and nothing is frozen while a cell of ours is still pending.
 */
import type { Browser } from 'playwright-core';
import { startAddinServer, type AddinServer } from '../../harness/e2e/addinServer';
import { launchBrowser, openPane, type Pane } from '../../harness/e2e/browser';

jest.setTimeout(120_000);

let server: AddinServer;
let browser: Browser;
const panes: Pane[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startAddinServer(), launchBrowser()]);
}, 180_000);

afterAll(async () => {
  await Promise.all(panes.map((pane) => pane.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
});

async function open(): Promise<Pane> {
  const pane = await openPane(browser, server, {});
  panes.push(pane);
  return pane;
}

const status = (pane: Pane) => pane.page.locator('[data-testid="share-status"]').textContent();

async function freeze(pane: Pane, expected: RegExp): Promise<string> {
  await pane.page.click('#tab-share');
  await pane.page.click('[data-testid="freeze-values"]');
  await pane.page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid="share-status"]')?.textContent ?? ''), expected.source, {
    timeout: 60_000,
  });
  return (await status(pane)) ?? '';
}

describe('freeze to values', () => {
  it('copies the sheet, replaces only our formulas and spills, and keeps built-ins over them working', async () => {
    const pane = await open();
    // A spill of ours (header + 5 Wednesdays of WALCL in December 2025, embedded snapshot), a
    // single value of ours, and built-ins that read the spill by its spill reference.
    await pane.host.setCell('A1', '=LIQ.DATA("WALCL","2025-12-01","2025-12-31")');
    await pane.host.setCell('D1', '=LIQ.INDEX("2025-12-24")');
    await pane.host.setCell('D2', 'a note of the user');
    await pane.host.setCell('E1', '=SUM(A1#)');
    await pane.host.setCell('E2', '=ROWS(A1#)');
    // A built-in dynamic array over our spill's values, and an error of ours (before the gold history).
    await pane.host.setCell('G1', '=SORT(B2:B6,1,-1)');
    await pane.host.setCell('D3', '=RATIO.GOLD("SPX","1800-01-01")');
    await pane.host.settled(20_000);
    await pane.page.evaluate(() =>
      Excel.run(async (context) => {
        context.workbook.worksheets.getActiveWorksheet().getRange('A2:A6').numberFormat = Array.from({ length: 5 }, () => ['yyyy-mm-dd']);
        await context.sync();
      }),
    );
    const live = await pane.host.cells('A1:G6');
    expect(live[0]![4]!.value).toEqual(expect.any(Number)); // the host evaluates SUM over the spill
    expect(live[1]![4]!.value).toBe(6);
    expect(live[0]![6]!.value).toBe(Math.max(...live.slice(1).map((row) => row[1]!.value as number)));

    const said = await freeze(pane, /^Wrote "Sheet1 \(values\)"/);
    expect(said).toMatch(/2 formulas that read a spill now read its fixed range/);
    const frozen = await pane.host.cells("'Sheet1 (values)'!A1:G6");
    for (let r = 0; r < 6; r++) for (let c = 0; c < 7; c++) expect([r, c, frozen[r]![c]!.value]).toEqual([r, c, live[r]![c]!.value]);
    // The built-in dynamic array recalculates in the copy (no #SPILL! from a pasted block) …
    expect(frozen[0]![6]!.formula).toBe('=SORT(B2:B6,1,-1)');
    expect(frozen[1]![6]!.spilledFrom).toBe("'Sheet1 (values)'!G1");
    // … and our #N/A is the error value in the copy, not the text "#N/A".
    expect(frozen[2]![3]!.error?.code).toBe('#N/A');
    // Our formulas are values now; the built-ins are formulas still, over the fixed range.
    expect(frozen[0]![0]!.formula).toBe('date');
    expect(String(frozen[0]![3]!.formula)).not.toMatch(/LIQ\./);
    expect(frozen[0]![4]!.formula).toBe('=SUM(A1:B6)');
    expect(frozen[1]![4]!.formula).toBe('=ROWS(A1:B6)');
    expect(frozen[1]![3]!.value).toBe('a note of the user');
    // Formats come with Excel's copy: the dates keep their date format.
    expect(frozen[1]![0]!.numberFormat).toBe('yyyy-mm-dd');
    // The original is untouched, and a second freeze never overwrites the first copy.
    expect((await pane.host.cell('A1')).formula).toBe('=LIQ.DATA("WALCL","2025-12-01","2025-12-31")');
    await freeze(pane, /^Wrote "Sheet1 \(values 2\)"/);
    expect(await pane.host.sheets()).toEqual(expect.arrayContaining(['Sheet1', 'Sheet1 (values)', 'Sheet1 (values 2)']));
  });

  it('stays under the 5 MB payload cap on a sheet whose formulas alone are over it', async () => {
    const pane = await open();
    // 60,000 cells of 100-character text (≈ 6.3 MB as JSON) around one formula of ours, written in
    // blocks that fit the cap; the old freeze loaded the whole used range in one request.
    const refused = await pane.page.evaluate(async () => {
      const text = 'x'.repeat(100);
      const outcome = await Excel.run(async (context) => {
        context.workbook.worksheets.getActiveWorksheet().getRange('B1:B60000').values = Array.from({ length: 60_000 }, () => [text]);
        await context.sync();
      }).then(
        () => 'accepted',
        (error: OfficeExtension.Error) => error.code,
      );
      for (let top = 0; top < 60_000; top += 10_000) {
        await Excel.run(async (context) => {
          context.workbook.worksheets.getActiveWorksheet().getRangeByIndexes(top, 1, 10_000, 1).values = Array.from({ length: 10_000 }, () => [text]);
          await context.sync();
        });
      }
      return outcome;
    });
    expect(refused).toBe('RequestPayloadSizeLimitExceeded');
    await pane.host.setCell('A1', '=LIQ.INDEX("2025-12-24")');
    await pane.host.settled(20_000);
    await freeze(pane, /^Wrote "Sheet1 \(values\)"/);
    expect((await pane.host.cell("'Sheet1 (values)'!A1")).value).toBe(5774.891); // DESIGN §3.1 figure, as in the contract test
    expect((await pane.host.cell("'Sheet1 (values)'!B60000")).value).toBe('x'.repeat(100));
    const syncs = (await pane.host.calls()).filter((call) => call.api === 'context.sync').length;
    expect(syncs).toBeGreaterThan(3); // the scan went in blocks
  });

  it('refuses while a series our cells read is still loading, and freezes nothing', async () => {
    const pane = await open();
    // SPX is not in the embedded snapshot: the cell waits for the gateway, which does not answer.
    await pane.page.route('**/api/series/SPX**', () => undefined);
    await pane.host.setCell('A1', '=RATIO.GOLD("SPX")');
    const said = await freeze(pane, /^Not frozen/);
    expect(said).toMatch(/SPX.* still loading|still calculating/);
    expect(await pane.host.sheets()).toEqual(['Sheet1']);
  });
});
