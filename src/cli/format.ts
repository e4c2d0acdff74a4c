/**
 * Turns an evaluation into what the CLI prints and its exit code:
 *   0  a value or a spill (CSV) on stdout
 *   1  an Excel error (`#N/A …`, `#NAME? …`, `#VALUE! …`) on stdout
 *   2  a formula syntax error on stderr
 * Every non-empty `stdout`/`stderr` ends with a newline, ready to be written as is.
 *
 * Pure: no I/O.
 */
import type { CellValue, Evaluation } from '../functions/callingConvention';
import { boundedEcho } from '../functions/echo';
import type { FormulaSyntaxError } from '../functions/formulaSyntax';

export interface FormattedOutput {
  stdout: string;
  /** Notes that must not mix with the data: error cells of a spill, syntax errors. */
  stderr: string;
  exitCode: 0 | 1 | 2;
}

/** A cell as text: numbers at full precision (`String(n)`), booleans as TRUE/FALSE, text as is. */
export function formatCell(value: CellValue): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return String(value);
  return value;
}

/** One CSV field, quoted per RFC 4180 when it contains a comma, a double quote, CR or LF. */
export function csvField(value: CellValue): string {
  const text = formatCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV, one line per row, each ending in '\n'. */
export function toCsv(rows: readonly (readonly CellValue[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\n`).join('');
}

export function formatEvaluation(e: Evaluation): FormattedOutput {
  switch (e.kind) {
    case 'value':
      return { stdout: line(formatCell(e.value)), stderr: '', exitCode: 0 };
    case 'spill': {
      const notes = (e.errors ?? []).map((err) => `row ${err.row + 1}, column ${err.col + 1}: ${err.code}${err.message ? ` ${err.message}` : ''}\n`);
      return { stdout: toCsv(e.rows), stderr: notes.join(''), exitCode: 0 };
    }
    case 'error':
      return { stdout: line(e.message ? `${e.code} ${e.message}` : e.code), stderr: '', exitCode: 1 };
    case 'unknown-function':
      return {
        stdout: line(`#NAME? unknown function ${boundedEcho(e.name)}; known: ${e.known.length ? e.known.join(', ') : '(none)'}`),
        stderr: '',
        exitCode: 1,
      };
    case 'arity':
      return { stdout: line(`#VALUE! ${e.message}`), stderr: '', exitCode: 1 };
  }
}

/** Characters of a formula shown on each side of a syntax error's caret. */
const FORMULA_WINDOW = 60;

/** The message, then the formula with a caret under the offending character (single-line formulas). */
export function formatSyntaxError(err: FormulaSyntaxError): FormattedOutput {
  // The parser quotes the token it stopped at (a 100 kB name, twice): every long run is cut short.
  let text = `syntax error: ${err.message.replace(/[^\s"'(),;{}]{41,}/g, (run) => boundedEcho(run))}\n`;
  const input: unknown = (err as { input?: unknown }).input;
  if (typeof input === 'string' && input.length > 0 && !/[\r\n]/.test(input)) {
    // A window of the formula around the caret, never the whole of a 100 kB input.
    const position = Math.max(0, Math.min(err.position, input.length));
    const from = Math.max(0, position - FORMULA_WINDOW);
    const to = Math.min(input.length, position + FORMULA_WINDOW);
    const shown = `${from > 0 ? '…' : ''}${input.slice(from, to).replace(/\t/g, ' ')}${to < input.length ? '…' : ''}`;
    const caret = position - from + (from > 0 ? 1 : 0);
    text += `  ${shown}\n  ${' '.repeat(caret)}^\n`;
  }
  return { stdout: '', stderr: text, exitCode: 2 };
}

function line(text: string): string {
  return `${text}\n`;
}
