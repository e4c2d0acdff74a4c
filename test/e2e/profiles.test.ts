/**
 * Every function through the test host as each Excel calls it (issue 11 §3, §8): the desktop profile
 * passes 0 for an empty referenced cell, the web profile null (office-js #4702, #5262; the rule is
 * blankCell in src/functions/callingConvention.ts). A formula whose optional arguments point at an
 * empty cell must show what the same formula with them omitted shows, in both.
 */
import type { Browser } from 'playwright-core';
import { EXCEL_PROFILES, blankCell } from '../../src/functions/callingConvention';
import { FUNCTIONS } from '../../src/functions/functionTable';
import { SAMPLE_CALLS, formulaFor } from '../functions/_helpers/sampleCalls';
import type { TestCell } from '../../harness/host/protocol';
import { startAddinServer, type AddinServer } from '../../harness/e2e/addinServer';
import { launchBrowser, openPane, type Pane } from '../../harness/e2e/browser';

jest.setTimeout(120_000);

let server: AddinServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAddinServer(), launchBrowser()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** What a reader sees of a result: each cell's value and error code, over the first rows of a spill. */
const shown = (block: TestCell[][]) => block.map((row) => row.map((cell) => [cell.value, cell.error?.code ?? '', cell.error?.message ?? '']));

describe.each(EXCEL_PROFILES)('every function on the %s profile', (profile) => {
  let pane: Pane;
  beforeAll(async () => {
    pane = await openPane(browser, server, { host: { profile } });
  });
  afterAll(async () => {
    expect(pane.guard.blocked).toEqual([]);
    await pane.close();
  });

  it('answers a reference to an empty cell as an omitted argument', async () => {
    // Each function gets its own band of rows, long enough for its longest spill (18 × 50,000 rows
    // fit Excel's 1,048,576): the omitted form in column A, the empty-cell form in K.
    const band = (i: number) => 1 + i * 50_000;
    for (const [i, declaration] of FUNCTIONS.entries()) {
      const { args } = SAMPLE_CALLS[declaration.name]!;
      await pane.host.setCell(`A${band(i)}`, formulaFor(declaration.name, args));
      await pane.host.setCell(`K${band(i)}`, formulaFor(declaration.name, args, 'Z1'));
    }
    await pane.host.settled(60_000);
    for (const [i, declaration] of FUNCTIONS.entries()) {
      const row = band(i);
      const omitted = await pane.host.cells(`A${row}:F${row + 4}`);
      const blank = await pane.host.cells(`K${row}:P${row + 4}`);
      expect([declaration.name, shown(blank)]).toEqual([declaration.name, shown(omitted)]);
      expect(omitted[0]![0]!.value).not.toBe('#BUSY!');
    }
    // The host really passed the profile's blank for the referenced date: 0 on desktop, null on the
    // web; the omitted vintage arrives as null on both.
    const invoke = (await pane.host.calls()).find((call) => call.api === 'invoke' && call.args[0] === `Sheet1!K${band(0)}`);
    expect(invoke?.args).toEqual([`Sheet1!K${band(0)}`, 'LIQ.INDEX', blankCell(profile), null]);
  });
});
