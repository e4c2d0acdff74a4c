import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatIsoDate } from '../../src/core/dates/isoDate';
import { CsvFormatError, parseSeriesCsv } from '../../src/data/csvSeries';
import { loadCsvFolder } from '../../src/data/node/csvFolder';
import { SHARED_DATA } from '../functions/_helpers/engines';
import { tempDir } from '../../harness/tempDir';

describe('parseSeriesCsv', () => {
  it('reads our date,value files and FRED headers old and new, skipping "." as missing', () => {
    for (const header of ['date,value', 'observation_date,T10YFF', 'DATE,DGS10', 'date,close']) {
      const parsed = parseSeriesCsv(`${header}\r\n2023-01-02,.\r\n2023-01-03,-0.54\r\n2023-01-04,1912.0\r\n`, 'x.csv');
      expect(Array.from(parsed.days, formatIsoDate)).toEqual(['2023-01-03', '2023-01-04']);
      expect(Array.from(parsed.values)).toEqual([-0.54, 1912]);
      expect(parsed.valueTexts).toEqual(['-0.54', '1912.0']);
    }
  });

  it.each([
    ['date;value\n2025-01-01;1\n', 1, /expected the header "date,<value column>", found "date;value"/],
    ['when,value\n2025-01-01,1\n', 1, /expected the header/],
    ['date,a,b\n2025-01-01,1,2\n', 1, /expected the header/],
    ['', 1, /expected the header/],
    ['date,value\n2025-01-01,1,2\n', 2, /expected 2 columns, found 3/],
    ['date,value\n01/02/2025,1\n', 2, /"01\/02\/2025" is not an ISO date/],
    ['date,value\n2025-01-01,1\n2025-01-02,abc\n', 3, /"abc" is not a number/],
    ['date,value\n2025-01-01,1\n2025-01-01,2\n', 3, /duplicate date 2025-01-01/],
    ['date,value\n2025-01-02,1\n2025-01-01,2\n', 3, /date 2025-01-01 is earlier than the row before/],
    ['date,value\n2025-01-01,1e\n', 2, /"1e" is not a number/],
  ])('refuses %p at line %i', (text, line, reason) => {
    let thrown: unknown;
    try {
      parseSeriesCsv(text, 'data/WALCL.csv');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CsvFormatError);
    expect((thrown as CsvFormatError).line).toBe(line);
    expect((thrown as Error).message).toMatch(new RegExp(`^data/WALCL.csv, line ${line}: ${reason.source}`));
  });
});

describe('loadCsvFolder', () => {
  it('loads every real series in ../shared/data under its catalogue id, in catalogue units', () => {
    const { series, ignored } = loadCsvFolder(SHARED_DATA);
    const byId = new Map(series.map((held) => [held.series.id, held.series]));
    expect([...byId.keys()].sort()).toEqual(
      [
        'BTC',
        'EFFR',
        'FF.LOWER',
        'FF.UPPER',
        'GOLD',
        'GOLD.M',
        'IGV',
        'IORB',
        'M2.US',
        'NDX',
        'NVDA',
        'QQQ',
        'RRP',
        'SOFR',
        'SPX',
        'SPX.M',
        'TGA',
        'TGA.WAVG',
        'WALCL',
        'XLP',
        'XLY',
      ]
        // global/: ECB and BoJ balance sheets, three FX rates, and China's M2 (MYAGM2CNM189N.csv)
        .concat(['DEXCHUS', 'DEXJPUS', 'DEXUSEU', 'ECBASSETSW', 'JPNASSETS', 'M2.CN'])
        .sort(),
    );
    // treasury/ holds tables, not two-column series: the DTS export and the refunding tables (TGA.TARGET is built from one by npm run snapshot).
    expect(ignored.map((file) => file.slice(SHARED_DATA.length + 1)).sort()).toEqual([
      'treasury/DTS_OpCashBal_20210624_20260623.csv',
      'treasury/quarterly_refunding_actual_end_cash_balance_2022-2025.csv',
      'treasury/quarterly_refunding_assumed_cash_balance_2023-2026.csv',
    ]);
    expect(byId.get('TGA')?.units).toBe('USD_MILLIONS'); // WDTGAL.csv
    expect(byId.get('RRP')?.units).toBe('USD_BILLIONS'); // RRPONTSYD.csv
    expect(byId.get('WALCL')?.days.length).toBe(1236); // macro/SOURCES.md row count
  });

  it('names the file and line of a bad row, and ignores files that are no series', () => {
    const dir = tempDir('ll-csv-');
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'notes.csv'), 'date,value\n2025-01-01,1\n');
    writeFileSync(join(dir, 'nested', 'M2.CN.csv'), 'date,value\n2025-01-01,3.1e14\n2025-02-01,3.2e14\n');
    const loaded = loadCsvFolder(dir);
    expect(loaded.series.map((held) => held.series.id)).toEqual(['M2.CN']);
    expect(loaded.ignored).toEqual([join(dir, 'notes.csv')]);

    writeFileSync(join(dir, 'SOFR.csv'), 'date,value\n2025-01-02,4.3\n2025-01-02,4.31\n');
    expect(() => loadCsvFolder(dir)).toThrow(`${join(dir, 'SOFR.csv')}, line 3: duplicate date 2025-01-02`);
  });

  it('refuses two files for the same series', () => {
    const dir = tempDir('ll-csv-');
    writeFileSync(join(dir, 'RRP.csv'), 'date,value\n2025-01-02,1\n');
    writeFileSync(join(dir, 'RRPONTSYD.csv'), 'date,value\n2025-01-02,1\n');
    expect(() => loadCsvFolder(dir)).toThrow(/series RRP is also given by/);
  });
});
