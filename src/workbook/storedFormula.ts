/**
 * The two forms our function names take in a workbook (DESIGN §2a). Users type `LIQ.INDEX(…)`;
 * Excel saves an add-in's function as `_xldudf_LIQ_INDEX(…)` — the prefix, dots turned into
 * underscores — and shows that stored form in `Range.formulas` while the add-in is not loaded
 * (seen in a workbook saved by Excel for Mac 16, ../shared/fixtures/excel_xldudf, and in
 * Excel-Custom-Functions #108, office-js #2568 and #6611). Anything that looks for our formulas
 * must recognise both.
 */

/** The prefix Excel writes before a custom function's name in a saved file. */
export const XLDUDF_PREFIX = '_xldudf_';

const FAMILIES = ['LIQ', 'CREDIT', 'RATIO'] as const;

// A call of one of our functions in either form: `LIQ.INDEX(`, `_xldudf_LIQ_INDEX(`, case-insensitive.
// Not preceded by a name character, so `MYLIQ.X(` is not taken for ours. No look-behind: older
// Safari, which Excel on Mac embeds, refuses it when the bundle loads.
const OUR_CALL = new RegExp(`(?:^|[^A-Za-z0-9_.])(?:(?:${FAMILIES.join('|')})\\.[A-Za-z0-9.]+|${XLDUDF_PREFIX}(?:${FAMILIES.join('|')})_[A-Za-z0-9_]+)\\s*\\(`, 'i');

/** Whether formula text (as `Range.formulas` gives it, with its "=") calls one of our functions. */
export function callsOurFunction(formula: unknown): boolean {
  return typeof formula === 'string' && formula.startsWith('=') && OUR_CALL.test(stripStrings(formula));
}

/** `LIQ.M2.YOY` → `_xldudf_LIQ_M2_YOY`: the name Excel stores for an add-in function. */
export function storedName(name: string): string {
  return XLDUDF_PREFIX + name.toUpperCase().replace(/\./g, '_');
}

/**
 * The registered name a stored `_xldudf_…` name stands for, from the names the add-in registers
 * (underscores are ambiguous — `LIQ_M2_YOY` could be `LIQ.M2_YOY` — so it is looked up, not guessed).
 */
export function registeredName(stored: string, registered: Iterable<string>): string | undefined {
  if (!stored.toLowerCase().startsWith(XLDUDF_PREFIX)) return undefined;
  const wanted = stored.toUpperCase();
  for (const name of registered) if (storedName(name).toUpperCase() === wanted) return name.toUpperCase();
  return undefined;
}

/**
 * A formula's text (no leading "=") with every call of a `names` function rewritten to Excel's
 * stored form; string literals are left alone.
 */
export function toStoredForm(formula: string, names: Iterable<string>): string {
  const upper = new Set([...names].map((name) => name.toUpperCase()));
  return mapOutsideStrings(formula, (code) =>
    code.replace(/(^|[^A-Za-z0-9_.])([A-Za-z][A-Za-z0-9.]*)(?=\s*\()/g, (match, before: string, name: string) =>
      upper.has(name.toUpperCase()) ? before + storedName(name) : match,
    ),
  );
}

/** The reverse of toStoredForm: every stored name of a `registered` function back to its typed name. */
export function toTypedForm(formula: string, registered: Iterable<string>): string {
  const names = [...registered];
  return mapOutsideStrings(formula, (code) =>
    code.replace(/(^|[^A-Za-z0-9_.])(_xldudf_[A-Za-z0-9_]+)(?=\s*\()/gi, (match, before: string, stored: string) => {
      const name = registeredName(stored, names);
      return name ? before + name : match;
    }),
  );
}

/** Text with the contents of "…" literals blanked, so a name inside a string is not a call. */
function stripStrings(formula: string): string {
  return formula.replace(/"(?:[^"]|"")*"/g, '""');
}

function mapOutsideStrings(formula: string, map: (code: string) => string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((piece, i) => (i % 2 === 1 ? piece : map(piece)))
    .join('');
}
