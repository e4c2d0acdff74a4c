/**
 * Parses the one formula shape the CLI accepts: a single call of a function with literal arguments,
 * written as a user would type it in an Excel cell (en-US separators).
 *
 *   =CREDIT.LOSS(0.2, "table")      =RATIO.GOLD("SPX",,)      =CREDIT.LOSS({0.1;0.2;0.3})
 *
 * Pure: no I/O. Returns the error instead of throwing it.
 */

/** One element of an array constant. */
export type Scalar = number | string | boolean;
/** An Excel array constant `{1,2;3,4}`: rows of equal length; `;` separates rows, `,` columns. */
export type Matrix = Scalar[][];
/** `null` is an omitted argument (`=F(1,,3)` or `=F(1,)`). */
export type Arg = null | Scalar | Matrix;

export interface ParsedFormula {
  /** Upper-cased function name, e.g. `CREDIT.LOSS`. */
  name: string;
  args: Arg[];
}

export class FormulaSyntaxError extends Error {
  /** 0-based index into `input` where the problem is. */
  readonly position: number;
  /** The text that was parsed, for showing a caret under `position`. */
  readonly input: string;
  constructor(message: string, position: number, input: string) {
    super(message);
    this.name = 'FormulaSyntaxError';
    this.position = position;
    this.input = input;
  }
}

export function isFormulaSyntaxError(value: unknown): value is FormulaSyntaxError {
  return value instanceof FormulaSyntaxError;
}

/** Appended to messages about constructs the CLI deliberately does not evaluate. */
export const SUPPORTED_SYNTAX =
  'Supported: one function call with literal arguments, e.g. =CREDIT.LOSS(0.2, "table"); ' +
  'an argument is a number (0.2, -3, 1e6, 20%), "text" ("" for a quote), TRUE/FALSE, ' +
  'an array constant such as {0.1;0.2;0.3} or {1,2;3,4}, or left empty.';

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9._]/;
const WORD_CHAR = /[A-Za-z0-9._$]/;
const WHITESPACE = /[ \t\r\n]/;
const OPERATOR_CHARS = '+-*/^&=<>%:';
const isOperator = (c: string): boolean => c.length === 1 && OPERATOR_CHARS.includes(c);
/** A1-style cell, column or row reference, possibly absolute: A1, $B$2, XFD1048576. */
const REFERENCE_WORD = /^\$?[A-Za-z]{1,3}\$?[0-9]+$/;
/** R1C1-style reference. */
const R1C1_WORD = /^R(\[-?\d+\]|\d+)?C(\[-?\d+\]|\d+)?$/i;

class Fail {
  constructor(
    readonly message: string,
    readonly position: number,
  ) {}
}

export function parseFormula(text: string): ParsedFormula | FormulaSyntaxError {
  try {
    return new Parser(text).parse();
  } catch (e) {
    if (e instanceof Fail) return new FormulaSyntaxError(e.message, e.position, text);
    throw e;
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): ParsedFormula {
    this.skipWs();
    if (this.atEnd()) {
      this.fail(`empty formula: expected a function call such as =CREDIT.LOSS(0.2)`, this.pos, true);
    }
    if (this.peek() === '=') {
      this.pos++;
      this.skipWs();
      if (this.atEnd()) this.fail(`expected a function name after '='`, this.pos, true);
    }
    const name = this.parseName();
    this.skipWs();
    if (this.atEnd()) this.fail(`expected '(' after the function name ${name}`, this.pos, true);
    if (this.peek() !== '(') {
      const c = this.peek();
      if (c === '!' || c === ':') this.fail(`cell references are not supported`, this.pos, true);
      if (isOperator(c)) this.fail(`operators are not supported ('${c}')`, this.pos, true);
      this.fail(`expected '(' after the function name ${name}, found ${describe(c)}`, this.pos, true);
    }
    const open = this.pos;
    this.pos++;
    const args = this.parseArgs(open);
    this.skipWs();
    if (!this.atEnd()) {
      const c = this.peek();
      if (isOperator(c)) {
        this.fail(`operators are not supported ('${c}' after the closing ')')`, this.pos, true);
      }
      this.fail(`unexpected ${describe(c)} after the closing ')'`, this.pos, true);
    }
    return { name, args };
  }

  private parseName(): string {
    const start = this.pos;
    const c = this.peek();
    if (c === '=') this.fail(`unexpected '=': write the formula with a single leading '='`, start, true);
    if (!NAME_START.test(c)) {
      if (c === '+' || c === '-') this.fail(`operators are not supported ('${c}' before the function name)`, start, true);
      if (/[0-9."{]/.test(c)) {
        this.fail(`expected a function name, found a bare value: only a function call can be evaluated`, start, true);
      }
      this.fail(`expected a function name, found ${describe(c)}`, start, true);
    }
    while (!this.atEnd() && NAME_CHAR.test(this.peek())) this.pos++;
    return this.src.slice(start, this.pos).toUpperCase();
  }

  private parseArgs(open: number): Arg[] {
    const args: Arg[] = [];
    this.skipWs();
    if (this.peek() === ')') {
      this.pos++;
      return args;
    }
    for (;;) {
      this.skipWs();
      if (this.atEnd()) this.fail(`missing ')' to close the '(' opened at ${open}`, this.pos, false);
      const c = this.peek();
      args.push(c === ',' || c === ')' ? null : this.parseArg());
      this.skipWs();
      if (this.atEnd()) {
        this.fail(`missing ')' to close the '(' opened at ${open}`, this.pos, false);
      }
      const next = this.peek();
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === ')') {
        this.pos++;
        return args;
      }
      this.afterValue(next, `',' or ')'`);
    }
  }

  /** Something other than a separator follows a complete value. */
  private afterValue(c: string, expected: string): never {
    if (c === '(') this.fail(`parentheses and expressions are not supported`, this.pos, true);
    if (c === ':' || c === '!') this.fail(`cell references are not supported`, this.pos, true);
    if (isOperator(c)) this.fail(`operators are not supported ('${c}')`, this.pos, true);
    if (c === '"') this.fail(`expected ${expected} before this string`, this.pos, false);
    this.fail(`expected ${expected}, found ${describe(c)}`, this.pos, true);
  }

  private parseArg(): Arg {
    const c = this.peek();
    if (c === '"') return this.parseString();
    if (c === '{') return this.parseArray();
    if (/[0-9.+-]/.test(c)) return this.parseNumber(true);
    return this.parseWordValue('argument');
  }

  /** TRUE/FALSE, or a helpful error for names, references, nested calls and error literals. */
  private parseWordValue(where: 'argument' | 'array'): boolean {
    const start = this.pos;
    const c = this.peek();
    if (c === '#') {
      this.fail(`error values such as #N/A are not supported as ${where === 'array' ? 'array elements' : 'arguments'}`, start, true);
    }
    if (c === '(') this.fail(`parentheses and expressions are not supported`, start, true);
    if (c === '{') this.fail(`array constants cannot be nested`, start, true);
    if (c === "'" || c === '[') this.fail(`cell references are not supported`, start, true);
    if (c === '@') this.fail(`the implicit-intersection operator '@' is not supported`, start, true);
    if (!WORD_CHAR.test(c)) {
      if (isOperator(c)) this.fail(`operators are not supported ('${c}')`, start, true);
      this.fail(`unexpected ${describe(c)}`, start, true);
    }
    while (!this.atEnd() && WORD_CHAR.test(this.peek())) this.pos++;
    const word = this.src.slice(start, this.pos);
    const afterWord = this.pos;
    this.skipWs();
    if (this.peek() === '(') {
      this.fail(
        where === 'array' ? `function calls are not allowed inside array constants (${word.toUpperCase()})` : `nested function calls are not supported (${word.toUpperCase()})`,
        start,
        true,
      );
    }
    this.pos = afterWord;
    const upper = word.toUpperCase();
    if (upper === 'TRUE') return true;
    if (upper === 'FALSE') return false;
    const next = this.peek();
    if (REFERENCE_WORD.test(word) || R1C1_WORD.test(word) || word.includes('$') || next === ':' || next === '!') {
      this.fail(`cell references are not supported (${word})`, start, true);
    }
    this.fail(`names are not supported (${word}); text must be in double quotes, e.g. "${word}"`, start, true);
  }

  private parseString(): string {
    const open = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      const end = this.src.indexOf('"', this.pos);
      if (end < 0) this.fail(`unterminated string: the '"' at position ${open} has no closing '"'`, open, false);
      out += this.src.slice(this.pos, end);
      if (this.src[end + 1] === '"') {
        out += '"';
        this.pos = end + 2;
        continue;
      }
      this.pos = end + 1;
      return out;
    }
  }

  private parseNumber(allowPercent: boolean): number {
    const start = this.pos;
    let sign = 1;
    const c = this.peek();
    if (c === '+' || c === '-') {
      sign = c === '-' ? -1 : 1;
      this.pos++;
      this.skipWs();
      if (!/[0-9.]/.test(this.peek())) {
        if (this.atEnd()) this.fail(`expected a number after '${c}'`, this.pos, false);
        this.fail(`operators are not supported: a '${c}' sign is only allowed directly before a number`, start, true);
      }
    }
    const numStart = this.pos;
    const mantissa = /(?:[0-9]+\.?[0-9]*|\.[0-9]+)/y;
    mantissa.lastIndex = this.pos;
    if (!mantissa.test(this.src)) this.fail(`malformed number`, numStart, false);
    this.pos = mantissa.lastIndex;
    if (/[eE]/.test(this.peek())) {
      const exponent = /[eE][+-]?[0-9]+/y;
      exponent.lastIndex = this.pos;
      if (!exponent.test(this.src)) this.fail(`malformed number: exponent without digits`, numStart, false);
      this.pos = exponent.lastIndex;
    }
    const literal = this.src.slice(numStart, this.pos);
    const next = this.peek();
    if (next === ':') this.fail(`cell references are not supported`, start, true);
    if (next !== '' && /[A-Za-z0-9._$]/.test(next)) {
      this.fail(`malformed number '${this.src.slice(numStart, this.pos + 1)}'`, numStart, false);
    }
    let value = sign * Number(literal);
    if (next === '%') {
      if (!allowPercent) this.fail(`percent signs are not allowed in array constants (write 0.2, not 20%)`, this.pos, false);
      while (this.peek() === '%') {
        value /= 100;
        this.pos++;
      }
    }
    if (!Number.isFinite(value)) this.fail(`number out of range: ${literal}`, numStart, false);
    return value === 0 ? 0 : value; // Excel has no negative zero
  }

  private parseArray(): Matrix {
    const open = this.pos;
    this.pos++;
    const rows: Matrix = [];
    let row: Scalar[] = [];
    for (;;) {
      this.skipWs();
      if (this.atEnd()) this.fail(`unclosed array constant: the '{' at position ${open} has no closing '}'`, open, false);
      const c = this.peek();
      if (c === ',' || c === ';' || c === '}') {
        this.fail(
          row.length === 0 && rows.length === 0 && c === '}' ? `empty array constant` : `missing value in array constant (empty elements are not allowed)`,
          this.pos,
          false,
        );
      }
      row.push(this.parseArrayElement());
      this.skipWs();
      if (this.atEnd()) this.fail(`unclosed array constant: the '{' at position ${open} has no closing '}'`, open, false);
      const sep = this.peek();
      if (sep === ',') {
        this.pos++;
        continue;
      }
      if (sep === ';' || sep === '}') {
        const [firstRow] = rows;
        if (firstRow && row.length !== firstRow.length) {
          this.fail(
            `array constant rows must have the same length: row ${rows.length + 1} has ${row.length} ` + `value${row.length === 1 ? '' : 's'}, row 1 has ${firstRow.length}`,
            this.pos,
            false,
          );
        }
        rows.push(row);
        row = [];
        this.pos++;
        if (sep === '}') return rows;
        continue;
      }
      if (sep === ')') this.fail(`unclosed array constant: expected ',', ';' or '}' before ')'`, this.pos, false);
      if (isOperator(sep)) this.fail(`operators are not supported in array constants ('${sep}')`, this.pos, true);
      this.fail(`expected ',', ';' or '}' in array constant, found ${describe(sep)}`, this.pos, false);
    }
  }

  private parseArrayElement(): Scalar {
    const c = this.peek();
    if (c === '"') return this.parseString();
    if (/[0-9.+-]/.test(c)) return this.parseNumber(false);
    return this.parseWordValue('array');
  }

  private fail(what: string, position: number, hint: boolean): never {
    throw new Fail(`${what} at position ${position}${hint ? `. ${SUPPORTED_SYNTAX}` : ''}`, position);
  }

  private peek(): string {
    return this.src.charAt(this.pos); // '' at the end
  }

  private atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  private skipWs(): void {
    while (this.pos < this.src.length && WHITESPACE.test(this.src.charAt(this.pos))) this.pos++;
  }
}

function describe(c: string): string {
  if (c === '') return 'the end of the formula';
  return `'${c}'`;
}
