/**
 * The test host (harness/host) is faithful enough to trust: the real built task pane loads with it
 * in headless Chromium, and each behaviour the add-in relies on is checked against what Excel does —
 * load/sync, custom XML parts, document settings, OfficeRuntime.storage across a reload, and the
 * calculation of custom-function cells (golden values from DESIGN.md on the embedded snapshot).
 */
import type { Browser } from 'playwright-core';
import { FUNCTIONS } from '../../src/functions/functionTable';
import type { TestCell, TestHostOptions, WorkbookSnapshot } from '../../harness/host/protocol';
import { startAddinServer, type AddinServer } from '../../harness/e2e/addinServer';
import { launchBrowser, openPane, type Pane } from '../../harness/e2e/browser';

jest.setTimeout(60_000);

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

async function open(host?: TestHostOptions): Promise<Pane> {
  const pane = await openPane(browser, server, { host });
  panes.push(pane);
  return pane;
}

/** Nothing but 127.0.0.1 was asked for, and the page raised no error. */
function expectClean(pane: Pane): void {
  expect(pane.guard.blocked).toEqual([]);
  expect(pane.errors).toEqual([]);
}

/** Every function of the table, as functions.json lists them. */
const ids = FUNCTIONS.map((declaration) => declaration.name);

describe('the built task pane on the test host', () => {
  it('loads office.js from the host, registers every function and requests nothing outside 127.0.0.1', async () => {
    const pane = await open();
    expect(pane.guard.officeJsServed).toBe(1);
    expect((await pane.host.functions()).sort()).toEqual([...ids].sort());
    const apis = (await pane.host.calls()).map((call) => call.api);
    expect(apis).toContain('Office.onReady');
    expect(apis.indexOf('(office ready)')).toBeGreaterThan(apis.lastIndexOf('CustomFunctions.associate'));
    const info = await pane.page.evaluate(() => Office.onReady());
    expect(info).toEqual({ host: 'Excel', platform: 'OfficeOnline' });
    expect(pane.guard.requests.every((request) => request.includes('127.0.0.1') || request.includes('appsforoffice.microsoft.com/lib/1/hosted/office.js'))).toBe(true);
    await pane.screenshot('e2e-host-pane');
    expectClean(pane);
  });

  it('blocks and reports a request that would leave the machine (the guard works)', async () => {
    const pane = await open();
    const outcome = await pane.page.evaluate(() =>
      fetch('https://example.com/data.json').then(
        () => 'fetched',
        () => 'failed',
      ),
    );
    expect(outcome).toBe('failed');
    // The page's Content-Security-Policy (connect-src) may refuse it before the guard sees it; when
    // it reaches the network layer, the guard blocks and reports it. Either way nothing left.
    expect(pane.guard.blocked.filter((request) => request !== 'GET https://example.com/data.json')).toEqual([]);
  });
});

describe('Excel.run: load/sync semantics', () => {
  let pane: Pane;
  beforeAll(async () => {
    pane = await open();
  });
  afterAll(() => expectClean(pane));

  it('reading a property before load()+sync() throws PropertyNotLoaded; writes apply at sync; loads fill after sync', async () => {
    const result = await pane.page.evaluate(async () => {
      const host = (window as unknown as { __testHost: { cell(a: string): { value: unknown } } }).__testHost;
      return Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getActiveWorksheet();
        const range = sheet.getRange('B2:C3');
        let unloaded: { name: string; code: string; message: string } | undefined;
        try {
          void range.values;
        } catch (error) {
          const e = error as OfficeExtension.Error;
          unloaded = { name: e.name, code: e.code, message: e.message };
        }
        range.values = [
          [1, 'text'],
          [true, '2025-12-24'],
        ];
        const readBack = range.values; // a property the add-in set reads back without a sync, as in office.js
        const beforeSync = host.cell('B2').value;
        await context.sync();
        const afterSync = host.cell('B2').value;
        const check = sheet.getRange('B2:C3');
        check.load('values, address, rowCount, columnCount, numberFormat, valueTypes');
        let notYet = '';
        try {
          void check.address;
        } catch (error) {
          notYet = (error as OfficeExtension.Error).code;
        }
        await context.sync();
        return {
          unloaded,
          readBack,
          beforeSync,
          afterSync,
          notYet,
          values: check.values,
          address: check.address,
          rows: check.rowCount,
          columns: check.columnCount,
          numberFormat: check.numberFormat,
          valueTypes: check.valueTypes,
        };
      });
    });
    expect(result.unloaded).toEqual({
      name: 'RichApi.Error',
      code: 'PropertyNotLoaded',
      message: `The property 'values' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    });
    expect(result.readBack).toEqual([
      [1, 'text'],
      [true, '2025-12-24'],
    ]);
    expect(result.beforeSync).toBe('');
    expect(result.afterSync).toBe(1);
    expect(result.notYet).toBe('PropertyNotLoaded');
    // Written values are entered as if typed: the ISO date becomes a date serial.
    expect(result.values).toEqual([
      [1, 'text'],
      [true, 46015],
    ]);
    expect(result).toMatchObject({ address: 'Sheet1!B2:C3', rows: 2, columns: 2 });
    expect(result.numberFormat).toEqual([
      ['General', 'General'],
      ['General', 'yyyy-mm-dd'],
    ]);
    expect(result.valueTypes).toEqual([
      ['Double', 'String'],
      ['Boolean', 'Double'],
    ]);
  });

  it('loaded values are a snapshot: a later change needs another load', async () => {
    const result = await pane.page.evaluate(async () => {
      const host = (window as unknown as { __testHost: { setCell(a: string, v: unknown): void } }).__testHost;
      return Excel.run(async (context) => {
        const range = context.workbook.worksheets.getItem('Sheet1').getRange('D1');
        host.setCell('D1', 10);
        range.load('values');
        await context.sync();
        const first = range.values[0]![0];
        host.setCell('D1', 20);
        const stale = range.values[0]![0];
        range.load('values');
        await context.sync();
        return { first, stale, fresh: range.values[0]![0] };
      });
    });
    expect(result).toEqual({ first: 10, stale: 10, fresh: 20 });
  });

  it('a missing item fails the sync that uses it (ItemNotFound) after applying the statements before it', async () => {
    const result = await pane.page.evaluate(async () => {
      const host = (window as unknown as { __testHost: { cell(a: string): { value: unknown } } }).__testHost;
      let failure: { code: string; location?: string } | undefined;
      try {
        await Excel.run(async (context) => {
          const sheets = context.workbook.worksheets;
          sheets.getItem('Sheet1').getRange('E1').values = [['before']];
          sheets.getItem('No such sheet').getRange('A1').values = [['x']];
          sheets.getItem('Sheet1').getRange('E2').values = [['after']];
          await context.sync();
        });
      } catch (error) {
        const e = error as OfficeExtension.Error;
        failure = { code: e.code, location: e.debugInfo?.errorLocation };
      }
      return { failure, e1: host.cell('E1').value, e2: host.cell('E2').value };
    });
    expect(result.failure).toMatchObject({ code: 'ItemNotFound' });
    expect(result.e1).toBe('before');
    expect(result.e2).toBe('');
  });

  it('getItemOrNullObject: isNullObject after sync (PropertyNotLoaded before); worksheets.items after load; add', async () => {
    const result = await pane.page.evaluate(async () =>
      Excel.run(async (context) => {
        const sheets = context.workbook.worksheets;
        const missing = sheets.getItemOrNullObject('Sources');
        let early = '';
        try {
          void missing.isNullObject;
        } catch (error) {
          early = (error as OfficeExtension.Error).code;
        }
        await context.sync();
        const wasNull = missing.isNullObject;
        const added = sheets.add('Sources');
        added.load('name, position');
        sheets.load('items/name');
        let itemsEarly = '';
        try {
          void sheets.items;
        } catch (error) {
          itemsEarly = (error as OfficeExtension.Error).code;
        }
        await context.sync();
        const count = sheets.getCount();
        let countEarly = '';
        try {
          void count.value;
        } catch (error) {
          countEarly = (error as OfficeExtension.Error).code;
        }
        const again = sheets.getItemOrNullObject('sources');
        await context.sync();
        let duplicate = '';
        try {
          sheets.add('SOURCES');
          await context.sync();
        } catch (error) {
          duplicate = (error as OfficeExtension.Error).code;
        }
        return {
          early,
          wasNull,
          itemsEarly,
          names: sheets.items.map((s) => s.name),
          added: { name: added.name, position: added.position },
          countEarly,
          count: count.value,
          foundAgain: !again.isNullObject,
          duplicate,
        };
      }),
    );
    expect(result).toEqual({
      early: 'PropertyNotLoaded',
      wasNull: true,
      itemsEarly: 'PropertyNotLoaded',
      names: ['Sheet1', 'Sources'],
      added: { name: 'Sources', position: 1 },
      countEarly: 'ValueNotLoaded',
      count: 2,
      foundAgain: true,
      duplicate: 'ItemAlreadyExists',
    });
    expect(await pane.host.sheets()).toEqual(['Sheet1', 'Sources']);
  });

  it('getUsedRange, getSelectedRange and select() follow the workbook', async () => {
    await pane.host.setCell('Sources!B3', 'x');
    await pane.host.setCell('Sources!D7', 5);
    await pane.host.select('Sheet1!C4:D5');
    const result = await pane.page.evaluate(async () =>
      Excel.run(async (context) => {
        const used = context.workbook.worksheets.getItem('Sources').getUsedRange(true);
        used.load('address');
        const selected = context.workbook.getSelectedRange();
        selected.load('address');
        await context.sync();
        const first = { used: used.address, selected: selected.address };
        context.workbook.worksheets.getItem('Sources').getRange('A1:B2').select();
        const now = context.workbook.getSelectedRange();
        now.load('address');
        await context.sync();
        return { ...first, after: now.address };
      }),
    );
    expect(result).toEqual({ used: 'Sources!B3:D7', selected: 'Sheet1!C4:D5', after: 'Sources!A1:B2' });
  });

  it('refuses what office.js refuses: a batch without a promise, a finished context, a wrong-sized array, an unknown member', async () => {
    const result = await pane.page.evaluate(async () => {
      const code = async (work: () => Promise<unknown>) => {
        try {
          await work();
          return 'no error';
        } catch (error) {
          return (error as OfficeExtension.Error).code;
        }
      };
      let leaked: Excel.RequestContext | undefined;
      return {
        noPromise: await code(() => Excel.run((() => undefined) as unknown as (c: Excel.RequestContext) => Promise<void>)),
        finished: await code(async () => {
          await Excel.run(async (context) => {
            leaked = context;
          });
          await leaked!.sync();
        }),
        wrongSize: await code(() =>
          Excel.run(async (context) => {
            context.workbook.worksheets.getItem('Sheet1').getRange('A1:B1').values = [[1], [2]];
            await context.sync();
          }),
        ),
        refusedFormula: await code(() =>
          Excel.run(async (context) => {
            context.workbook.worksheets.getItem('Sheet1').getRange('F1:F2').formulas = [['=LIQ.INDEX()'], ['=RATIO.GOLD()']];
            await context.sync();
          }),
        ),
        untouched: (window as unknown as { __testHost: { cell(a: string): { value: unknown } } }).__testHost.cell('F1').value,
        notImplemented: await code(() =>
          Excel.run(async (context) => {
            void (context.workbook.worksheets.getItem('Sheet1').getRange('A1') as unknown as { format: unknown }).format;
          }),
        ),
      };
    });
    // A formula Excel would refuse (RATIO.GOLD needs a ticker) fails the whole write: F1 stays empty.
    expect(result).toEqual({
      noPromise: 'RunMustReturnPromise',
      finished: 'InvalidObjectPath',
      wrongSize: 'InvalidArgument',
      refusedFormula: 'InvalidArgument',
      untouched: '',
      notImplemented: 'NotImplemented',
    });
  });
});

describe('custom XML parts, document settings, storage', () => {
  it('customXmlParts: add, find by namespace, getXml after sync, delete', async () => {
    const pane = await open();
    const xml = '<snapshot xmlns="urn:liquidity-lens:snapshot:1" version="1"><series id="WALCL"/></snapshot>';
    const result = await pane.page.evaluate(async (text) => {
      return Excel.run(async (context) => {
        const parts = context.workbook.customXmlParts;
        const part = parts.add(text);
        part.load('id, namespaceUri');
        await context.sync();
        const found = parts.getByNamespace('urn:liquidity-lens:snapshot:1');
        found.load('items');
        const only = found.getOnlyItem();
        const body = only.getXml();
        let early = '';
        try {
          void body.value;
        } catch (error) {
          early = (error as OfficeExtension.Error).code;
        }
        const other = parts.getByNamespace('urn:other').getOnlyItemOrNullObject();
        await context.sync();
        const out = { id: part.id, namespaceUri: part.namespaceUri, count: found.items.length, early, xml: body.value, otherIsNull: other.isNullObject };
        const byId = parts.getItem(part.id);
        byId.delete();
        const gone = parts.getItemOrNullObject(part.id);
        await context.sync();
        return { ...out, goneIsNull: gone.isNullObject };
      });
    }, xml);
    expect(result).toMatchObject({ namespaceUri: 'urn:liquidity-lens:snapshot:1', count: 1, early: 'ValueNotLoaded', otherIsNull: true, goneIsNull: true });
    // Excel hands back its own serialisation of the part, not the text given (host/customXml.ts).
    expect(result.xml).toBe('<?xml version="1.0" standalone="no"?>\n<snapshot version="1" xmlns="urn:liquidity-lens:snapshot:1">\n  <series id="WALCL"/>\n</snapshot>\n');
    expect(result.id).toMatch(/^\{[0-9A-F-]{36}\}$/);
    expect(await pane.host.customXmlParts()).toEqual([]);
    const refused = await pane.page.evaluate(() =>
      Excel.run(async (context) => {
        context.workbook.customXmlParts.add('<not-closed>');
        await context.sync();
      }).then(
        () => 'accepted',
        (error: OfficeExtension.Error) => error.code,
      ),
    );
    expect(refused).toBe('InvalidArgument');
    expectClean(pane);
  });

  it('document settings: set/get in memory, saveAsync writes them to the workbook (not localStorage)', async () => {
    const pane = await open();
    const result = await pane.page.evaluate(async () => {
      const settings = Office.context.document.settings;
      const host = (window as unknown as { __testHost: { settings(): Record<string, unknown>; sessionSettings(): Record<string, unknown> } }).__testHost;
      settings.set('liquidityLens.snapshot', { partId: '{X}', version: 1 });
      settings.set('liquidityLens.embeddedAt', new Date(Date.UTC(2026, 0, 2)));
      const missing = settings.get('nothing');
      const unsaved = host.settings();
      const session = host.sessionSettings();
      const status = await new Promise<string>((resolve) => settings.saveAsync((r) => resolve(String(r.status))));
      return { missing, unsaved, session, status, saved: host.settings(), read: settings.get('liquidityLens.snapshot'), localKeys: Object.keys(localStorage) };
    });
    expect(result.missing).toBeNull();
    expect(result.unsaved).toEqual({});
    expect(result.session).toMatchObject({ 'liquidityLens.snapshot': { partId: '{X}', version: 1 } });
    expect(result.status).toBe('succeeded');
    expect(result.saved).toMatchObject({ 'liquidityLens.snapshot': { partId: '{X}', version: 1 } });
    expect(result.read).toEqual({ partId: '{X}', version: 1 });
    expect(result.localKeys.some((key) => key.includes('liquidityLens'))).toBe(false);
    const snapshot = await pane.host.saveWorkbook();
    // Office's own serialisation: JSON per key, a Date as "Date(ms)".
    expect(snapshot.settings).toEqual({ 'liquidityLens.snapshot': '{"partId":"{X}","version":1}', 'liquidityLens.embeddedAt': `"Date(${Date.UTC(2026, 0, 2)})"` });
    expectClean(pane);
  });

  it('OfficeRuntime.storage is per machine: it survives a reload (the workbook stays open too)', async () => {
    const pane = await open();
    await pane.page.evaluate(async () => {
      await OfficeRuntime.storage.setItem('keys.FRED', 'abc123');
      await OfficeRuntime.storage.setItems({ 'keys.FDIC': 'x', 'keys.NONE': '' });
      await OfficeRuntime.storage.removeItem('keys.NONE');
      Office.context.document.settings.set('unsaved', 1);
    });
    await pane.host.setCell('A1', 42);
    await pane.reload();
    const after = await pane.page.evaluate(async () => ({
      one: await OfficeRuntime.storage.getItem('keys.FRED'),
      many: await OfficeRuntime.storage.getItems(['keys.FRED', 'keys.FDIC', 'keys.NONE']),
      raw: localStorage.getItem('_OfficeRuntime_Storage_keys.FRED'),
      unsaved: Office.context.document.settings.get('unsaved'),
    }));
    expect(after).toEqual({ one: 'abc123', many: { 'keys.FRED': 'abc123', 'keys.FDIC': 'x', 'keys.NONE': null }, raw: 'abc123', unsaved: 1 });
    expect(await pane.host.storage()).toEqual({ 'keys.FRED': 'abc123', 'keys.FDIC': 'x' });
    expect((await pane.host.cell('A1')).value).toBe(42);
    expectClean(pane);
  });

  it('requirement sets and Office.addin calls are answered and recorded', async () => {
    const pane = await open();
    const result = await pane.page.evaluate(async () => {
      const r = Office.context.requirements;
      await Office.addin.setStartupBehavior(Office.StartupBehavior.load);
      await Office.addin.showAsTaskpane();
      return {
        excel112: r.isSetSupported('ExcelApi', '1.12'),
        excel113: r.isSetSupported('ExcelApi', '1.13'),
        excel19: r.isSetSupported('ExcelApi', '1.9'),
        shared: r.isSetSupported('SharedRuntime', '1.1'),
        shared12: r.isSetSupported('SharedRuntime', '1.2'),
        word: r.isSetSupported('WordApi', '1.1'),
        behavior: await Office.addin.getStartupBehavior(),
      };
    });
    expect(result).toEqual({ excel112: true, excel113: false, excel19: true, shared: true, shared12: false, word: false, behavior: 'Load' });
    const calls = await pane.host.calls();
    expect(calls.filter((call) => call.api.startsWith('Office.addin.')).map((call) => [call.api, call.args])).toEqual([
      ['Office.addin.setStartupBehavior', ['Load']],
      ['Office.addin.showAsTaskpane', []],
      ['Office.addin.getStartupBehavior', []],
    ]);
    expectClean(pane);
  });
});

describe('calculation of custom-function cells', () => {
  let pane: Pane;
  beforeAll(async () => {
    pane = await open();
  });
  afterAll(() => expectClean(pane));

  const settled = async (address: string): Promise<TestCell> => {
    await pane.host.settled();
    return pane.host.cell(address);
  };

  it('answers the DESIGN golden values from the embedded snapshot', async () => {
    await pane.host.setCell('A1', '=LIQ.INDEX("2025-12-24")');
    await pane.host.setCell('A2', '=CREDIT.LOSS(0.2,"consumer")');
    await pane.host.setCell('A3', '=RATIO.GOLD("FOO")');
    expect(await settled('A1')).toMatchObject({ formula: '=LIQ.INDEX("2025-12-24")', value: 5774.891, updates: 1, invocations: 1 });
    expect((await pane.host.cell('A2')).value).toBeCloseTo(329.6, 1);
    const error = await pane.host.cell('A3');
    expect(error).toMatchObject({ value: '#N/A', error: { code: '#N/A', messageShown: true } });
    expect(error.error?.message).toContain('unknown ticker');
  });

  it('spills =LIQ.SERIES("2025-12-01","2025-12-31") into 6 rows × 5 columns', async () => {
    await pane.host.setCell('C1', '=LIQ.SERIES("2025-12-01","2025-12-31")');
    await pane.host.settled();
    const block = await pane.host.cells('C1:H8');
    const filled = block.map((row) => row.filter((cell) => cell.value !== '').length);
    expect(filled).toEqual([5, 5, 5, 5, 5, 5, 0, 0]);
    expect(block[0]![0]).toMatchObject({ formula: '=LIQ.SERIES("2025-12-01","2025-12-31")' });
    expect(block[0]!.slice(0, 5).map((cell) => cell.value)).toEqual(['date', expect.any(String), expect.any(String), expect.any(String), expect.any(String)]);
    expect(block[4]!.slice(0, 5).map((cell) => cell.value)).toEqual([46015, 5774.891, 6581.231, 801.537, 4.803]);
    expect(block[4]![1]).toMatchObject({ spilledFrom: 'Sheet1!C1', formula: 5774.891 });
    // The API sees the spill as Excel reports it.
    const values = await pane.page.evaluate(() =>
      Excel.run(async (context) => {
        const range = context.workbook.worksheets.getItem('Sheet1').getRange('C5:D5');
        range.load('values, formulas');
        await context.sync();
        return { values: range.values, formulas: range.formulas };
      }),
    );
    expect(values).toEqual({ values: [[46015, 5774.891]], formulas: [[46015, 5774.891]] });
  });

  it('a blocked spill shows #SPILL! and spills again once the way is clear', async () => {
    await pane.host.setCell('D3', 'in the way');
    expect((await settled('C1')).value).toBe('#SPILL!');
    expect((await pane.host.cell('C2')).value).toBe('');
    await pane.host.setCell('D3', '');
    expect((await settled('C1')).value).toBe('date');
    expect((await pane.host.cell('D3')).spilledFrom).toBe('Sheet1!C1');
  });

  it('passes a referenced cell (a typed date is a serial) and recalculates when it changes, cancelling the old invocation', async () => {
    await pane.host.setCell('J1', '2025-12-24');
    await pane.host.setCell('J2', '=LIQ.INDEX(J1)');
    expect(await settled('J2')).toMatchObject({ value: 5774.891, invocations: 1 });
    const invoked = (await pane.host.calls()).filter((call) => call.api === 'invoke' && call.args[0] === 'Sheet1!J2');
    // Every declared parameter is passed, an omitted one as null (LIQ.INDEX(date, vintage)).
    expect(invoked[0]!.args).toEqual(['Sheet1!J2', 'LIQ.INDEX', 46015, null]);
    await pane.host.setCell('J1', '2025-12-01');
    const changed = await settled('J2');
    expect(changed.invocations).toBe(2);
    expect(changed.value).not.toBe(5774.891);
    const cancels = (await pane.host.calls()).filter((call) => call.api === 'onCanceled' && call.args[0] === 'Sheet1!J2');
    expect(cancels).toHaveLength(1);
  });

  it('an error in a referenced cell is passed on without calling the function; an empty optional argument arrives as null', async () => {
    await pane.host.setCell('K1', '=LIQ.INDEX(A3)');
    expect(await settled('K1')).toMatchObject({ value: '#N/A', invocations: 0 });
    await pane.host.setCell('K2', '=RATIO.GOLD("SPX",)');
    await pane.host.settled();
    const call = (await pane.host.calls()).find((c) => c.api === 'invoke' && c.args[0] === 'Sheet1!K2');
    expect(call?.args).toEqual(['Sheet1!K2', 'RATIO.GOLD', 'SPX', null]);
  });

  it('a scalar given to a matrix parameter arrives as [[x]]; a range given to it arrives as rows', async () => {
    const a2 = (await pane.host.calls()).find((c) => c.api === 'invoke' && c.args[0] === 'Sheet1!A2');
    expect(a2?.args).toEqual(['Sheet1!A2', 'CREDIT.LOSS', [[0.2]], 'consumer', null]);
    await pane.host.setCell('M1', 0.1);
    await pane.host.setCell('M2', 0.2);
    await pane.host.setCell('M3', 0.3);
    await pane.host.setCell('N1', '=CREDIT.LOSS(M1:M3,"consumer")');
    await pane.host.settled();
    const spill = (await pane.host.cells('N1:N3')).map((row) => row[0]!.value as number);
    expect(spill[1]).toBeCloseTo(329.6, 1);
    expect(spill[0]).toBeCloseTo(164.8, 1);
    const call = (await pane.host.calls()).find((c) => c.api === 'invoke' && c.args[0] === 'Sheet1!N1');
    expect(call?.args[2]).toEqual([[0.1], [0.2], [0.3]]);
  });

  it('an array given to a scalar parameter is lifted: one invocation per element, the results spilled', async () => {
    await pane.host.setCell('R1', '=RATIO.GOLD("SPX",{"2000-08-31";"2011-09-30"})');
    await pane.host.settled();
    const column = (await pane.host.cells('R1:R2')).map((row) => row[0]!);
    expect(column[0]!.value).toBeCloseTo(5.41, 2);
    expect(column[1]!.value).toBeCloseTo(0.662, 3);
    expect(column[0]!.invocations).toBe(2);
  });

  it('refuses a formula Excel would refuse (too few arguments); evaluates SUM; stores other formulas as they are', async () => {
    await expect(pane.host.setCell('P1', '=RATIO.GOLD()')).rejects.toThrow(/too few arguments/);
    await pane.host.setCell('P2', '=SUM(A1:A2)');
    const [a1, a2] = (await pane.host.cells('A1:A2')).map((row) => row[0]!.value as number);
    expect(await settled('P2')).toMatchObject({ formula: '=SUM(A1:A2)', value: a1! + a2! });
    // A spill reference to a cell that does not spill is #REF!, as in Excel (J1 holds a date).
    await pane.host.setCell('P5', '=SUM(J1#)');
    expect(await settled('P5')).toMatchObject({ value: '#REF!' });
    await pane.host.setCell('P4', '=AVERAGE(A1:A2)');
    expect(await pane.host.cell('P4')).toMatchObject({ formula: '=AVERAGE(A1:A2)', value: '#UNSUPPORTED!' });
    await pane.host.setCell('P3', '=NOT.OURS(1)');
    expect(await settled('P3')).toMatchObject({ value: '#UNSUPPORTED!' });
  });
});

describe('streaming: later results, cancellation', () => {
  it('delivers every setResult to the cell and cancels the invocation when the formula is replaced', async () => {
    const pane = await open();
    // A controlled streaming function in place of LIQ.SRF (same metadata: one optional parameter, stream).
    await pane.page.evaluate(() => {
      const w = window as unknown as { __pushes: ((v: unknown) => void)[]; __cancelled: number };
      w.__pushes = [];
      w.__cancelled = 0;
      CustomFunctions.associate('LIQ.SRF', (_date: unknown, invocation: CustomFunctions.StreamingInvocation<unknown>) => {
        w.__pushes.push((value) => invocation.setResult(value));
        invocation.onCanceled = () => {
          w.__cancelled++;
        };
        invocation.setResult(1);
      });
    });
    await pane.host.setCell('A1', '=LIQ.SRF()');
    expect(await pane.waitForCell('A1')).toMatchObject({ value: 1, updates: 1 });
    await pane.page.evaluate(() => (window as unknown as { __pushes: ((v: unknown) => void)[] }).__pushes[0]!(2));
    expect(await pane.waitForCell('A1', (cell) => cell.value === 2)).toMatchObject({ updates: 2, invocations: 1 });
    await pane.page.evaluate(() =>
      (window as unknown as { __pushes: ((v: unknown) => void)[] }).__pushes[0]!([
        [1, 2],
        [3, new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidNumber, 'too big')],
      ]),
    );
    const corner = await pane.waitForCell('B2', (cell) => cell.value === '#NUM!');
    // Excel does not show messages for #NUM!: the host keeps it for the test and says so.
    expect(corner.error).toEqual({ code: '#NUM!', message: 'too big', messageShown: false });
    await pane.host.setCell('A1', 7);
    const state = await pane.page.evaluate(() => (window as unknown as { __cancelled: number }).__cancelled);
    expect(state).toBe(1);
    await pane.page.evaluate(() => (window as unknown as { __pushes: ((v: unknown) => void)[] }).__pushes[0]!(99));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await pane.host.cell('A1')).toMatchObject({ value: 7 });
    expect(await pane.host.cell('B2')).toMatchObject({ value: '' });
    expectClean(pane);
  });
});

describe('save, send, reopen', () => {
  it('a saved workbook reopens with its cached values, settings and parts, and recalculates to the same numbers', async () => {
    const author = await open();
    await author.host.setCell('A1', '=LIQ.INDEX("2025-12-24")');
    await author.host.setCell('B1', '=LIQ.SERIES("2025-12-01","2025-12-31")');
    await author.page.evaluate(async () => {
      await Excel.run(async (context) => {
        const part = context.workbook.customXmlParts.add('<snapshot xmlns="urn:liquidity-lens:snapshot:1"/>');
        part.load('id');
        await context.sync();
        Office.context.document.settings.set('liquidityLens.partId', part.id);
      });
      await new Promise((resolve) => Office.context.document.settings.saveAsync(resolve));
    });
    await author.host.settled();
    const saved: WorkbookSnapshot = JSON.parse(JSON.stringify(await author.host.saveWorkbook()));
    // Saved as Excel saves an add-in function (../shared/fixtures/excel_xldudf).
    expect(saved.sheets[0]!.cells.A1).toEqual({ f: '=_xldudf_LIQ_INDEX("2025-12-24")', v: 5774.891 });
    expect(saved.sheets[0]!.cells.B1!.a).toHaveLength(6);
    expect(saved.sheets[0]!.cells.C1).toBeUndefined(); // spilled cells travel inside their anchor

    // Office takes a moment to be ready: until then the reader sees the author's cached values.
    const reader = await openPane(browser, server, { host: { workbook: saved, readyDelayMs: 1500 }, settle: false });
    panes.push(reader);
    expect(await reader.host.cell('A1')).toMatchObject({ value: 5774.891, invocations: 0 });
    // As in office.js: no Office.context, and no Excel.run, before Office is ready.
    expect(await reader.page.evaluate(() => typeof Office.context)).toBe('undefined');
    const early = await reader.page.evaluate(() =>
      Excel.run(async () => undefined).then(
        () => 'ran',
        (error: Error) => error.message,
      ),
    );
    expect(early).toMatch(/Office\.js has not fully loaded/);
    expect((await reader.host.cell('C5')).value).toBe(5774.891);
    await reader.host.settled();
    expect(await reader.host.cell('A1')).toMatchObject({ value: 5774.891, invocations: 1 });
    expect((await reader.host.cell('C5')).value).toBe(5774.891);
    expect(await reader.host.settings()).toEqual({ 'liquidityLens.partId': saved.customXmlParts[0]!.id });
    expect(await reader.host.customXmlParts()).toEqual(saved.customXmlParts);
    const partId = await reader.page.evaluate(() => Office.context.document.settings.get('liquidityLens.partId'));
    expect(partId).toBe(saved.customXmlParts[0]!.id);
    // loadWorkbook replaces the open workbook in place: edits are gone, formulas recalculate.
    await reader.host.setCell('A1', 1);
    await reader.host.setCell('Z9', 'edit');
    await reader.host.loadWorkbook(saved);
    await reader.host.settled();
    expect(await reader.host.cell('A1')).toMatchObject({ formula: '=LIQ.INDEX("2025-12-24")', value: 5774.891 });
    expect((await reader.host.cell('Z9')).value).toBe('');
    expectClean(author);
    expectClean(reader);
  });
});
