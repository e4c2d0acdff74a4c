/** Layout helpers: number formats, fill colours and A1 addresses of the sample's sheets. */
import { cellAddress } from '../../src/workbook/a1Address';

export const FMT = {
  date: 'yyyy-mm-dd',
  billions: '#,##0.000',
  bp: '0',
  fraction: '0.0000',
  percent: '0.00%',
  ratio: '0.0000',
  ounces: '0.000',
  tinyOunces: '0.00000000',
  usd: '#,##0',
  plain: 'General',
} as const;

export const COLOR = {
  sectionFill: 'FFDCE6F1',
  inputFill: 'FFFFF2CC',
  editedFill: 'FFF8CBAD',
  chartFill: 'FFF2F2F2',
  note: 'FF595959',
} as const;

/** `B5` for row 5, column 2: 1-based, as ExcelJS's getCell counts (src/workbook/a1Address.ts counts from 0). */
export function address(row: number, col: number): string {
  return cellAddress(row - 1, col - 1);
}
