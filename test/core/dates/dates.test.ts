import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { addYears, civilFromEpochDay, dayOfWeek, endOfMonth, epochDayFromCivil, wednesdayOnOrBefore } from '../../../src/core/dates/epochDay';
import { epochDayFromExcelSerial, excelSerialFromEpochDay } from '../../../src/core/dates/excelSerial';
import { formatIsoDate, parseIsoDate } from '../../../src/core/dates/isoDate';

describe('epoch days', () => {
  it('round-trips every day from 1800 to 2100 through the civil calendar', () => {
    const mismatches: number[] = [];
    for (let day = epochDayFromCivil(1800, 1, 1); day <= epochDayFromCivil(2100, 12, 31); day++) {
      const { year, month, day: d } = civilFromEpochDay(day);
      if (epochDayFromCivil(year, month, d) !== day) mismatches.push(day);
    }
    expect(mismatches).toEqual([]);
  });

  it('knows the Gregorian leap years', () => {
    expect(Number.isNaN(epochDayFromCivil(1900, 2, 29))).toBe(true);
    expect(Number.isNaN(epochDayFromCivil(2000, 2, 29))).toBe(false);
    expect(Number.isNaN(epochDayFromCivil(2025, 2, 29))).toBe(true);
    expect(Number.isNaN(epochDayFromCivil(2025, 13, 1))).toBe(true);
  });

  it('finds weekdays, Wednesdays, month ends and year-earlier days', () => {
    expect(dayOfWeek(parseIsoDate('2025-12-24'))).toBe(3);
    expect(formatIsoDate(wednesdayOnOrBefore(parseIsoDate('2025-12-27')))).toBe('2025-12-24');
    expect(formatIsoDate(wednesdayOnOrBefore(parseIsoDate('2025-12-24')))).toBe('2025-12-24');
    expect(formatIsoDate(wednesdayOnOrBefore(parseIsoDate('2025-12-23')))).toBe('2025-12-17');
    expect(formatIsoDate(endOfMonth(parseIsoDate('2024-02-10')))).toBe('2024-02-29');
    expect(formatIsoDate(addYears(parseIsoDate('2024-02-29'), -1))).toBe('2023-02-28');
  });
});

describe('ISO dates', () => {
  it.each(['2025-01-01', '1833-01-01', '9999-12-31', '2000-02-29'])('round-trips %s', (iso) => {
    expect(formatIsoDate(parseIsoDate(iso))).toBe(iso);
  });

  it.each(['12/24/2025', '2025-1-1', '2025-02-30', '20251224', '', 'yesterday', '2025-12-24T00:00:00Z'])('rejects %p', (text) => {
    expect(Number.isNaN(parseIsoDate(text))).toBe(true);
  });
});

describe('Excel 1900 serials', () => {
  it('maps the reference serial of DESIGN §2 (45658 = 2025-01-01)', () => {
    expect(formatIsoDate(epochDayFromExcelSerial(45658))).toBe('2025-01-01');
    expect(excelSerialFromEpochDay(parseIsoDate('2025-01-01'))).toBe(45658);
  });

  it('keeps the phantom 1900-02-29 (serial 60) out and counts around it', () => {
    expect(formatIsoDate(epochDayFromExcelSerial(1))).toBe('1900-01-01');
    expect(formatIsoDate(epochDayFromExcelSerial(59))).toBe('1900-02-28');
    expect(Number.isNaN(epochDayFromExcelSerial(60))).toBe(true);
    expect(formatIsoDate(epochDayFromExcelSerial(61))).toBe('1900-03-01');
    expect(excelSerialFromEpochDay(parseIsoDate('1900-03-01'))).toBe(61);
    expect(excelSerialFromEpochDay(parseIsoDate('1900-02-28'))).toBe(59);
  });

  it('drops the time of day and refuses serials Excel cannot show', () => {
    expect(formatIsoDate(epochDayFromExcelSerial(45658.75))).toBe('2025-01-01');
    expect(Number.isNaN(epochDayFromExcelSerial(0))).toBe(true);
    expect(Number.isNaN(epochDayFromExcelSerial(2958466))).toBe(true);
    expect(Number.isNaN(excelSerialFromEpochDay(parseIsoDate('1899-12-31')))).toBe(true);
  });

  it('round-trips every serial from 61 to 80000', () => {
    const mismatches: number[] = [];
    for (let serial = 61; serial <= 80000; serial++) if (excelSerialFromEpochDay(epochDayFromExcelSerial(serial)) !== serial) mismatches.push(serial);
    expect(mismatches).toEqual([]);
  });
});

describe('time-zone independence', () => {
  // The same conversions in processes with the most distant UTC offsets must print the same text.
  const script = join(__dirname, '_helpers', 'printConversions.ts');
  const run = (tz: string) => execFileSync(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });

  it('gives identical results under UTC-10 and UTC+14', () => {
    const honolulu = run('Pacific/Honolulu');
    const kiritimati = run('Pacific/Kiritimati');
    expect(honolulu).toContain('45658 2025-01-01');
    expect(kiritimati).toBe(honolulu);
  });
});
