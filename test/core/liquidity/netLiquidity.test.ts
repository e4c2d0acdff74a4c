import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { isCalcError } from '../../../src/core/errors';
import { netLiquidityAt, netLiquidityOn } from '../../../src/core/liquidity/netLiquidity';
import { convertMoney, createSeries } from '../../../src/core/series/series';
import { UnitMismatchError } from '../../../src/core/units';
import { readSharedCsv } from '../_helpers/readSharedCsv';

const walcl = readSharedCsv('WALCL', 'USD_MILLIONS', 'macro/WALCL.csv');
const tga = readSharedCsv('TGA', 'USD_MILLIONS', 'macro/WDTGAL.csv');
const rrp = readSharedCsv('RRP', 'USD_BILLIONS', 'macro/RRPONTSYD.csv');

describe('netLiquidityAt', () => {
  it('converts each component to billions: 6,581.231 − 801.537 − 4.803 = 5,774.891 on 2025-12-24', () => {
    // shared/data/macro WALCL 6581231 and WDTGAL 801537 (millions), RRPONTSYD 4.803 (billions)
    const result = netLiquidityAt({ fedAssets: walcl, tga, rrp }, parseIsoDate('2025-12-24'));
    expect(result).toEqual({ day: parseIsoDate('2025-12-24'), net: 5774.891, fedAssets: 6581.231, tga: 801.537, rrp: 4.803 });
  });

  it('gives the same answer whatever USD unit each input is held in', () => {
    const day = parseIsoDate('2025-12-24');
    const inDollars = netLiquidityAt({ fedAssets: convertMoney(walcl, 'USD'), tga: convertMoney(tga, 'USD_THOUSANDS'), rrp: convertMoney(rrp, 'USD_MILLIONS') }, day);
    expect(isCalcError(inDollars) ? NaN : inDollars.net).toBeCloseTo(5774.891, 6);
  });

  it('fails loudly when a component is not a USD amount', () => {
    const rrpAsPercent = createSeries('RRP', 'PERCENT', rrp.days, rrp.values);
    expect(() => netLiquidityAt({ fedAssets: walcl, tga, rrp: rrpAsPercent }, parseIsoDate('2025-12-24'))).toThrow(UnitMismatchError);
  });

  it('notices a series labelled in the wrong scale: RRP in millions is 1,000× too small', () => {
    // The 1,000× error of the widely copied script (DESIGN §3.1): RRP read as millions.
    const rrpMislabelled = createSeries('RRP', 'USD_MILLIONS', rrp.days, rrp.values);
    const wrong = netLiquidityAt({ fedAssets: walcl, tga, rrp: rrpMislabelled }, parseIsoDate('2025-12-31'));
    const right = netLiquidityAt({ fedAssets: walcl, tga, rrp }, parseIsoDate('2025-12-31'));
    if (isCalcError(wrong) || isCalcError(right)) throw new Error('expected values');
    expect(right.rrp).toBe(105.993); // SOURCES.md: year-end spike 2025-12-31 = 105.993 bn
    expect(wrong.net - right.net).toBeCloseTo(105.993 - 0.105993, 9);
  });

  it('never reads a future observation', () => {
    const result = netLiquidityAt({ fedAssets: walcl, tga, rrp }, parseIsoDate('2025-12-23'));
    if (isCalcError(result)) throw new Error(result.message);
    expect(result.fedAssets).toBe(6556.861); // WALCL of Wednesday 2025-12-17, not the 24th
  });

  it('reports a day before any component starts', () => {
    const result = netLiquidityAt({ fedAssets: walcl, tga, rrp }, parseIsoDate('2003-01-01'));
    expect(isCalcError(result) && result.message).toBe('no RRP observation on or before 2003-01-01');
  });

  it('builds a table by as-of join that matches point lookups', () => {
    const days = Int32Array.from(['2025-12-03', '2025-12-10', '2025-12-17', '2025-12-24'], parseIsoDate);
    const table = netLiquidityOn({ fedAssets: walcl, tga, rrp }, days);
    days.forEach((day, i) => {
      const point = netLiquidityAt({ fedAssets: walcl, tga, rrp }, day);
      if (isCalcError(point)) throw new Error(point.message);
      expect([table.net[i], table.fedAssets[i], table.tga[i], table.rrp[i]]).toEqual([point.net, point.fedAssets, point.tga, point.rrp]);
    });
  });
});
