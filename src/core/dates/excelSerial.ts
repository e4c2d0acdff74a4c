/**
 * Excel's 1900 date system. Serial 1 is 1900-01-01 and serial 60 is 1900-02-29, a day that never
 * existed (Excel kept Lotus 1-2-3's leap-year bug), so serials from 61 on are one more than a plain
 * day count from 1899-12-31.
 */

/** Serial 61 = 1900-03-01 = epoch day −25508; from there serial − 25569 is the epoch day. */
const SERIAL_EPOCH_OFFSET = 25569;
/** Excel's fictitious 1900-02-29. */
export const EXCEL_PHANTOM_LEAP_DAY = 60;
/** 9999-12-31, the largest date Excel displays. */
export const EXCEL_MAX_SERIAL = 2958465;

/**
 * Epoch day of an Excel serial date; the time-of-day fraction is dropped. NaN for serials Excel
 * cannot show as dates (below 1, above 9999-12-31) and for the phantom 1900-02-29.
 * @example
 * epochDayFromExcelSerial(45658) //=> 20089 (2025-01-01)
 */
export function epochDayFromExcelSerial(serial: number): number {
  const whole = Math.floor(serial);
  if (!Number.isFinite(whole) || whole < 1 || whole > EXCEL_MAX_SERIAL || whole === EXCEL_PHANTOM_LEAP_DAY) return NaN;
  return whole > EXCEL_PHANTOM_LEAP_DAY ? whole - SERIAL_EPOCH_OFFSET : whole - SERIAL_EPOCH_OFFSET + 1;
}

/**
 * Excel serial of an epoch day, or NaN before 1900-01-01 (Excel has no serial for it).
 * @example
 * excelSerialFromEpochDay(20089) //=> 45658
 */
export function excelSerialFromEpochDay(epochDay: number): number {
  const serial = epochDay + SERIAL_EPOCH_OFFSET;
  if (serial > EXCEL_PHANTOM_LEAP_DAY) return serial;
  const early = serial - 1;
  return early >= 1 ? early : NaN;
}
