/** Writes formulas, their evaluated values and input cells onto an ExcelJS worksheet. */
import type { Cell, Worksheet } from 'exceljs';
import { evaluateFormula, type CellValue, type Evaluation, type FunctionSpec } from '../../src/functions/callingConvention';
import { isFormulaSyntaxError, parseFormula } from '../../src/functions/formulaSyntax';
import { toStoredForm } from '../../src/workbook/storedFormula';
import { cellFormula, isErrorCode, literalFormula, type FormulaArg, type PlacedFormula, type RangeArg, type Scalar } from './formulas';
import { COLOR, address } from './layout';

export interface SpillOptions {
  /** Number format per result column (0-based); applies below the header row when `header`. */
  readonly formats?: readonly string[];
  /** The first result row is a header (bold, no number format). */
  readonly header?: boolean;
  /** The (scalar) result is this Excel error on purpose (e.g. no data for it yet); any other error throws. */
  readonly expectError?: string;
}

/** Writes formulas and their evaluated values onto a worksheet, recording what went where. */
export class SheetWriter {
  row = 1;
  readonly placed: PlacedFormula[] = [];

  constructor(
    readonly sheet: Worksheet,
    private readonly table: ReadonlyMap<string, FunctionSpec>,
  ) {}

  cell(row: number, col: number): Cell {
    return this.sheet.getCell(row, col);
  }

  text(row: number, col: number, value: string, style: { bold?: boolean; italic?: boolean; color?: string; size?: number; wrap?: boolean } = {}): void {
    const cell = this.cell(row, col);
    cell.value = value;
    if (style.bold || style.italic || style.color || style.size) {
      cell.font = { bold: style.bold, italic: style.italic, size: style.size, ...(style.color ? { color: { argb: style.color } } : {}) };
    }
    if (style.wrap) {
      cell.alignment = { wrapText: true, vertical: 'top' };
      // Excel does not grow a row to fit wrapped text it did not lay out itself: size it here.
      const width = this.sheet.getColumn(col).width ?? 10;
      const lines = Math.ceil(value.length / Math.max(10, width));
      const r = this.sheet.getRow(row);
      r.height = Math.max(r.height ?? 15, 15 * lines);
    }
  }

  /** A section title across the used columns. */
  section(title: string): void {
    this.row += 1;
    for (let col = 1; col <= 6; col++) {
      this.cell(this.row, col).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLOR.sectionFill } };
    }
    this.text(this.row, 1, title, { bold: true, size: 12 });
    this.row += 1;
  }

  /** Input cells (values the user may edit) from the current row down, in column `col`. */
  inputs(col: number, values: readonly (readonly Scalar[])[], fill: string = COLOR.inputFill, formats: readonly string[] = []): RangeArg {
    const top = this.row;
    values.forEach((row, r) =>
      row.forEach((value, c) => {
        const cell = this.cell(top + r, col + c);
        cell.value = value;
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
        if (formats[c]) cell.numFmt = formats[c];
      }),
    );
    const width = values[0]?.length ?? 1;
    return { range: `${address(top, col)}:${address(top + values.length - 1, col + width - 1)}`, values };
  }

  /**
   * Evaluates `fn(args)` with the project's evaluator and writes it at (row, col): a scalar as the
   * formula with its cached result; a spill as the formula in the top-left cell with the top-left
   * value cached and the other values as plain values (ExcelJS cannot write dynamic arrays).
   */
  async formula(row: number, col: number, fn: string, args: readonly FormulaArg[], options: SpillOptions = {}): Promise<PlacedFormula> {
    const formula = cellFormula(fn, args);
    const stored = toStoredForm(formula, this.table.keys());
    const evaluated = literalFormula(fn, args);
    const parsed = parseFormula(evaluated);
    if (isFormulaSyntaxError(parsed)) throw new Error(`${evaluated}: ${parsed.message}`);
    const evaluation: Evaluation = await evaluateFormula(parsed, this.table);
    let rows: CellValue[][];
    let error: { code: string; message: string } | undefined;
    switch (evaluation.kind) {
      case 'value':
        rows = [[evaluation.value]];
        break;
      case 'spill':
        rows = evaluation.rows;
        const [first] = evaluation.errors ?? [];
        if (first) {
          throw new Error(`${formula}: spill error at row ${first.row + 1}, column ${first.col + 1}: ${first.code} ${first.message}`);
        }
        break;
      case 'error':
        if (options.expectError !== evaluation.code) throw new Error(`${formula}: ${evaluation.code} ${evaluation.message}`);
        rows = [[evaluation.code]];
        error = { code: evaluation.code, message: evaluation.message };
        break;
      case 'unknown-function':
        throw new Error(`${formula}: unknown function ${evaluation.name}`);
      case 'arity':
        throw new Error(`${formula}: ${evaluation.message}`);
    }
    if (options.expectError && !error) throw new Error(`${formula}: expected ${options.expectError}, got a value; update the sample`);

    const width = rows.reduce((w, values) => Math.max(w, values.length), 0);
    const range = rows.length === 1 && width === 1 ? address(row, col) : `${address(row, col)}:${address(row + rows.length - 1, col + width - 1)}`;
    rows.forEach((values, r) =>
      values.forEach((value, c) => {
        const cell = this.cell(row + r, col + c);
        const result = isErrorCode(value) ? { error: value } : value;
        if (r === 0 && c === 0) {
          // A dynamic-array formula over the range it spills to (finishPackage adds cm="1"); the
          // other cells of the range hold their cached values only, as Excel saves a spill.
          // ExcelJS's typings want a `result` of number | string | boolean | Date | error.
          cell.value = { formula: stored, result, shareType: 'array', ref: range } as never;
        } else {
          cell.value = result as never;
        }
        const isHeader = options.header && r === 0;
        if (isHeader) cell.font = { bold: true };
        const format = options.formats?.[c];
        if (format && !isHeader) cell.numFmt = format;
      }),
    );
    const placed: PlacedFormula = {
      sheet: this.sheet.name,
      address: address(row, col),
      formula,
      stored,
      evaluated,
      fn: parsed.name,
      rows,
      ...(error ? { error } : {}),
      range,
    };
    this.placed.push(placed);
    return placed;
  }

  /** A labelled scalar row: label in A, formula in B, an optional note in C. */
  async line(label: string, fn: string, args: readonly FormulaArg[], format: string, note?: string, options: SpillOptions = {}): Promise<PlacedFormula> {
    this.text(this.row, 1, label, { wrap: true });
    const placed = await this.formula(this.row, 2, fn, args, { formats: [format], ...options });
    if (note) this.text(this.row, 3, note, { italic: true, color: COLOR.note });
    this.row += 1;
    return placed;
  }

  /** A labelled spill: label in A, the spill from B down; the cursor moves below it. */
  async spill(label: string, fn: string, args: readonly FormulaArg[], options: SpillOptions = {}): Promise<PlacedFormula> {
    this.text(this.row, 1, label, { wrap: true });
    const placed = await this.formula(this.row, 2, fn, args, options);
    this.row += placed.rows.length + 1;
    return placed;
  }
}
