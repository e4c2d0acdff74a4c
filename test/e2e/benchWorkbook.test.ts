/**
 * `npm run bench` figures 8–10 run end to end on a small workbook of the same mix (102 formulas,
 * scripts/bench/workbookOpen.ts): the production build served with the real gateway and the mock
 * upstream, opened through the Office test host in headless Chromium — cold, warm, against the
 * floor — then SPX refreshed from the pane. Counts only: no assertion depends on wall-clock time.
 */
import { runWorkbookOpen, type WorkbookOpenMeasurement } from '../../scripts/bench/workbookOpen';
import { buildAddin } from '../../harness/e2e/addinBuild';

jest.setTimeout(120_000);

let m: WorkbookOpenMeasurement;

beforeAll(async () => {
  m = await runWorkbookOpen({ bundleDir: await buildAddin(), latencyMs: 5, formulas: 102, warmRuns: 1 });
}, 240_000);

describe('the big-workbook harness, on 102 formulas', () => {
  it('opens on a cold store: every formula called once and answered with its value, one gateway request per series not held', () => {
    const c = m.cold.timing.counters;
    expect([c.calls, c.answered]).toEqual([102, 102]);
    expect(m.coldAnswers).toEqual({ values: 102, errors: {} });
    expect(m.cold.gatewayRequests).toEqual({ SPX: 1, GOLD: 1 });
    expect(m.persisted).toEqual(expect.arrayContaining(['SPX', 'GOLD']));
  });

  it('opens warm from the persisted cache with no gateway request, and the floor answers every cell too', () => {
    expect(m.warm).toHaveLength(1);
    expect(m.warm[0]!.gatewayRequests).toEqual({});
    expect(m.warm[0]!.timing.counters.answered).toBe(102);
    expect(m.warmAnswers).toEqual({ values: 102, errors: {} });
    expect(m.floor[0]!.timing.counters.calls).toBe(102);
    expect(m.floorAnswers.values).toBe(102);
  });

  it('a refresh of SPX from the pane recomputes exactly the cells that read SPX', () => {
    const r = m.refresh;
    expect(r.spxReaders).toBe(m.workbook.formulas.filter((f) => f.readsSpx).length);
    expect(r.recomputed).toEqual({ spx: r.spxReaders, other: 0 });
    expect(r.otherDeliveries).toBe(0);
    expect(Object.keys(r.perFn).sort()).toEqual(['RATIO.GOLD', 'RATIO.GOLD.SERIES']);
    expect(r.gatewayRequests).toEqual({ SPX: 1 });
    expect(r.changedValues).toBeGreaterThan(0);
  });

  it('stays on 127.0.0.1 and raises no page error', () => {
    expect(m.blocked).toEqual([]);
    expect(m.pageErrors).toEqual([]);
  });
});
