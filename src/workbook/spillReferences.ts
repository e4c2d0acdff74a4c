/**
 * Spill references (`B5#`) in a formula's text, rewritten to the fixed range the spill covers: a
 * frozen copy replaces the spilling formula at B5 with values, and Excel then shows `#REF!` for
 * `=SUM(B5#)` (a spill reference to a cell that does not spill). Pure text work, no Office.
 */
import { cellAddress } from './a1Address';

export interface SpillArea {
  readonly rowIndex: number;
  readonly columnIndex: number;
  readonly rowCount: number;
  readonly columnCount: number;
}

/**
 * A cell reference followed by `#`, not inside a string literal and not part of a longer name; an
 * optional sheet prefix (`Sheet1!`, `'My sheet'!`) is captured so references into other sheets are
 * left alone.
 */
const SPILL_REFERENCE = /((?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)#/g;

/**
 * `formula` with each spill reference to one of `spills` (keyed by the anchor's address, `B5`) on
 * this sheet replaced by the spill's range, keeping `$` markers: `=SUM($B$5#)` → `=SUM($B$5:$D$40)`.
 * `sheetName` is this sheet's name: a reference qualified with it counts as on this sheet.
 */
export function fixSpillReferences(formula: string, spills: ReadonlyMap<string, SpillArea>, sheetName: string): string {
  if (!formula.startsWith('=') || !formula.includes('#')) return formula;
  let out = '';
  let last = 0;
  for (const literal of stringLiterals(formula)) {
    out += rewriteOutsideStrings(formula.slice(last, literal.start), spills, sheetName) + formula.slice(literal.start, literal.end);
    last = literal.end;
  }
  return out + rewriteOutsideStrings(formula.slice(last), spills, sheetName);
}

function rewriteOutsideStrings(text: string, spills: ReadonlyMap<string, SpillArea>, sheetName: string): string {
  return text.replace(SPILL_REFERENCE, (whole, prefix: string | undefined, colAbs: string, letters: string, rowAbs: string, digits: string, offset: number) => {
    // Part of a longer name (`LOG10#` cannot occur, but `X_A1#` could be a defined name's text).
    if (offset > 0 && /[A-Za-z0-9_.]/.test(text[offset - 1]!)) return whole;
    if (prefix && unquoteSheet(prefix.slice(0, -1)).toLowerCase() !== sheetName.toLowerCase()) return whole;
    const spill = spills.get(`${letters.toUpperCase()}${digits}`);
    if (!spill) return whole;
    const end = cellAddress(spill.rowIndex + spill.rowCount - 1, spill.columnIndex + spill.columnCount - 1);
    const endLetters = end.match(/^[A-Z]+/)![0];
    const endDigits = end.slice(endLetters.length);
    return `${prefix ?? ''}${colAbs}${letters}${rowAbs}${digits}:${colAbs}${endLetters}${rowAbs}${endDigits}`;
  });
}

function unquoteSheet(name: string): string {
  return name.startsWith("'") ? name.slice(1, -1).replace(/''/g, "'") : name;
}

/** Where the string literals of a formula are (`""` inside one is an escaped quote). */
function stringLiterals(formula: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  for (let i = 0; i < formula.length; i++) {
    if (formula[i] !== '"') continue;
    let j = i + 1;
    for (; j < formula.length; j++) {
      if (formula[j] !== '"') continue;
      if (formula[j + 1] === '"') j++;
      else break;
    }
    found.push({ start: i, end: Math.min(j + 1, formula.length) });
    i = j;
  }
  return found;
}
