/** A1 addresses from 0-based indexes, as the Excel API's getRangeByIndexes counts them. */

/** Column letters of a 0-based column index (0 → A, 25 → Z, 26 → AA). */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** `B5` for row 4, column 1 (0-based). */
export function cellAddress(row: number, column: number): string {
  return `${columnLetters(column)}${row + 1}`;
}
