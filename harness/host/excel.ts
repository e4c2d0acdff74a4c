/**
 * `Excel.run` and the proxy objects of the Excel JavaScript API, over the host's workbook, with the
 * semantics that make real add-in code right or wrong:
 *
 * - calls and property writes are queued and applied, in order, at `context.sync()`; an object that
 *   does not exist (getItem of a missing sheet) fails the sync that first uses it (ItemNotFound),
 *   and the statements after the failing one are not applied;
 * - a property can be read only after `load()` and `sync()` (or after the add-in set it): otherwise
 *   PropertyNotLoaded, with office.js's message; `ClientResult.value` before sync is ValueNotLoaded;
 * - loaded values are snapshots taken at the sync (a later change in the workbook is not seen
 *   until loaded again);
 * - `*OrNullObject` objects get `isNullObject` at the next sync;
 * - after `Excel.run` settles its context is finished: syncing it again is InvalidObjectPath;
 * - a member the host does not implement throws "not implemented by the test host" instead of
 *   quietly being undefined.
 *
 * Shapes follow @types/office-js (Excel.RequestContext, Worksheet, Range, CustomXmlPart…).
 */
import { HostInputError } from './calc';
import { ERROR_CODES, MESSAGES, OfficeExtensionError, officeError } from './officeErrors';
import { checkPartSize, reserialiseXml } from './customXml';
import { PayloadMeter } from './payloadLimit';
import { copyWorksheet, isWorksheetPosition } from './worksheetCopy';
import type { ChartInfo } from './protocol';
import type { ChartAxisModel, ChartModel, ChartRef, ChartSeriesModel, HostState } from './state';
import { SheetNameError, deserializeSettings, serializeSettings } from './state';
import {
  MAX_COLUMNS,
  MAX_ROWS,
  cellKey,
  keyCol,
  keyRow,
  newGuid,
  parseAddress,
  parseTypedInput,
  qualified,
  rectColumns,
  rectRows,
  sheetNameProblem,
  type CustomXmlPartRecord,
  type Rect,
  type Sheet,
  type TypedInput,
} from './workbook';

interface Action {
  readonly where: string;
  run(): void;
}

interface RangeModel {
  readonly sheet: Sheet;
  readonly rect: Rect;
}

interface PropertyDef<M> {
  get(model: M, host: HostState): unknown;
  set?(model: M, value: unknown, host: HostState): void;
}

type PropertyTable<M> = Record<string, PropertyDef<M>>;

const NOT_IMPLEMENTED_EXEMPT = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', 'nodeType', 'inspect', 'length', 'valueOf', 'toString']);

/** Wraps a client object so that reading a member the host lacks says so. */
function guarded<T extends object>(object: T, kind: string): T {
  return new Proxy(object, {
    get(target, property, receiver) {
      if (
        typeof property === 'string' &&
        !(property in target) &&
        !NOT_IMPLEMENTED_EXEMPT.has(property) &&
        !property.startsWith('_') &&
        !property.startsWith('$') &&
        !property.startsWith('@@')
      ) {
        throw officeError(ERROR_CODES.notImplemented, `Excel.${kind}.${property} is not implemented by the test host (harness/host/excel.ts).`, `${kind}.${property}`);
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/** Parses what `load()` accepts into property paths ('values', 'worksheet/name', 'items/name'). */
function loadPaths(option: unknown): string[] | undefined {
  if (option === undefined || option === null) return undefined;
  const split = (text: string) =>
    text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  if (typeof option === 'string') return split(option);
  if (Array.isArray(option)) return option.flatMap((part) => split(String(part)));
  if (typeof option === 'object') {
    const { select, expand } = option as { select?: string; expand?: string };
    const paths = [...(select ? split(select) : []), ...(expand ? split(expand) : [])];
    return paths.length ? paths : undefined;
  }
  throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, 'load', `load(${String(option)})`);
}

const copy = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

export class HostClientResult<T> {
  _loaded = false;
  _value: T | undefined;
  get value(): T {
    if (!this._loaded) throw officeError(ERROR_CODES.valueNotLoaded, MESSAGES.valueNotLoaded, 'clientResult.value');
    return this._value as T;
  }
  _set(value: T): void {
    this._value = value;
    this._loaded = true;
  }
}

export class HostRequestContext {
  readonly _queue: Action[] = [];
  readonly _orNull: ClientObject<unknown>[] = [];
  /** Bytes the current batch sends and loads: Excel on the web refuses a batch over 5 MB. */
  readonly _payload = new PayloadMeter();
  _finished = false;
  readonly workbook: WorkbookObject;
  readonly trackedObjects = { add: (_object: unknown) => undefined, remove: (_object: unknown) => undefined };

  constructor(readonly _host: HostState) {
    this.workbook = guarded(new WorkbookObject(this, () => _host), 'Workbook');
  }

  _enqueue(where: string, run: () => void): void {
    this._queue.push({ where, run });
  }

  load<T extends { load(option?: unknown): T }>(object: T, option?: unknown): T {
    return object.load(option);
  }

  async sync<T>(passThroughValue?: T): Promise<T> {
    const host = this._host;
    if (this._finished) {
      throw officeError(ERROR_CODES.invalidObjectPath, MESSAGES.invalidObjectPath('context'), 'RequestContext.sync', 'this context belongs to an Excel.run that has finished');
    }
    const actions = this._queue.splice(0);
    host.record(
      'context.sync',
      actions.map((action) => action.where),
    );
    const requestTooLarge = this._payload.requestRefusal();
    if (requestTooLarge) throw requestTooLarge;
    await new Promise((resolve) => setTimeout(resolve, host.options.syncLatencyMs));
    let current: Action | undefined;
    try {
      host.calc.batch(() => {
        for (const action of actions) {
          current = action;
          action.run();
        }
        current = undefined;
        for (const object of this._orNull.splice(0)) object._resolveQuietly();
      });
    } catch (error) {
      throw asOfficeError(error, current?.where);
    }
    const responseTooLarge = this._payload.responseRefusal();
    if (responseTooLarge) throw responseTooLarge;
    return passThroughValue as T;
  }
}

function asOfficeError(error: unknown, where: string | undefined): OfficeExtensionError {
  if (error instanceof OfficeExtensionError) {
    if (error.debugInfo.errorLocation || !where) return error;
    return new OfficeExtensionError({ code: error.code, message: error.message, errorLocation: where });
  }
  if (error instanceof SheetNameError) {
    return officeError(
      error.duplicate ? ERROR_CODES.itemAlreadyExists : ERROR_CODES.invalidArgument,
      error.duplicate ? 'The resource already exists.' : MESSAGES.invalidArgument,
      where,
      error.message,
    );
  }
  if (error instanceof HostInputError || error instanceof TypeError) return officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, where, error.message);
  return officeError(ERROR_CODES.generalException, 'An internal error has occurred.', where, error instanceof Error ? error.message : String(error));
}

/** The base of every proxy: lazy binding to a model object, queued loads, loaded-property checks. */
abstract class ClientObject<M> {
  _bound: { model: M | null } | undefined;
  _isNull: boolean | undefined;
  readonly _local: Record<string, unknown> = {};

  constructor(
    readonly _context: HostRequestContext,
    readonly _resolver: () => M | null | undefined,
    readonly _orNullObject = false,
  ) {
    if (_orNullObject) _context._orNull.push(this as ClientObject<unknown>);
  }

  abstract get _kind(): string;
  abstract _properties(): PropertyTable<M>;
  _navigation(): Record<string, () => ClientObject<unknown>> {
    return {};
  }
  /** False when the model no longer exists (a deleted sheet or part). */
  _valid(_model: M): boolean {
    return true;
  }

  get context(): HostRequestContext {
    return this._context;
  }

  get isNullObject(): boolean {
    if (this._isNull === undefined) {
      throw officeError(ERROR_CODES.propertyNotLoaded, MESSAGES.propertyNotLoaded('isNullObject'), `${this._kind}.isNullObject`);
    }
    return this._isNull;
  }

  /** The model, bound at first use; ItemNotFound when it does not exist (null for an *OrNullObject). */
  _resolve(where: string): M | null {
    if (!this._bound) {
      const model = this._resolver();
      if ((model === null || model === undefined) && !this._orNullObject) {
        throw officeError(ERROR_CODES.itemNotFound, MESSAGES.itemNotFound, where);
      }
      this._bind(model ?? null);
    }
    const model = this._bound!.model;
    if (model !== null && !this._valid(model)) throw officeError(ERROR_CODES.itemNotFound, MESSAGES.itemNotFound, where, `the ${this._kind} was deleted`);
    return model;
  }

  _resolveQuietly(): void {
    if (this._bound) return;
    try {
      this._resolve(this._kind);
    } catch {
      this._bind(null);
    }
  }

  _bind(model: M | null): void {
    this._bound = { model };
    this._isNull = model === null;
  }

  /** Queues a call on the model (skipped for a null object). */
  _call(name: string, run: (model: M) => void): void {
    const where = `${this._kind}.${name}`;
    this._context._enqueue(where, () => {
      const model = this._resolve(where);
      if (model !== null) run(model);
    });
  }

  load(option?: unknown): this {
    const paths = loadPaths(option);
    const where = `${this._kind}.load`;
    this._context._enqueue(where, () => this._load(paths, where));
    return this;
  }

  _load(paths: string[] | undefined, where: string): void {
    const model = this._resolve(where);
    const properties = this._properties();
    const navigation = this._navigation();
    const scalar: string[] = [];
    const nested = new Map<string, string[]>();
    for (const path of paths ?? Object.keys(properties)) {
      const [head, ...rest] = path.split('/');
      if (head! in navigation) {
        const list = nested.get(head!) ?? [];
        if (rest.length) list.push(rest.join('/'));
        nested.set(head!, list);
      } else if (head! in properties && rest.length === 0) {
        scalar.push(head!);
      } else {
        throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, where, `${this._kind} has no property "${path}" (or the test host does not implement it)`);
      }
    }
    for (const name of scalar) {
      this._local[name] = model === null ? null : copy(properties[name]!.get(model, this._context._host));
      this._context._payload.received(this._local[name]);
    }
    for (const [name, sub] of nested) navigation[name]!()._load(sub.length ? sub : undefined, where);
  }

  toJSON(): Record<string, unknown> {
    return { ...this._local };
  }

  /** Installs the property accessors of a class (office.js style: set stores locally and queues the write). */
  static define<M>(target: { prototype: ClientObject<M> }, properties: PropertyTable<M>): void {
    for (const [name, def] of Object.entries(properties)) {
      Object.defineProperty(target.prototype, name, {
        configurable: true,
        enumerable: true,
        get(this: ClientObject<M>) {
          if (Object.prototype.hasOwnProperty.call(this._local, name)) return this._local[name];
          if (this._isNull === true) return null;
          throw officeError(ERROR_CODES.propertyNotLoaded, MESSAGES.propertyNotLoaded(name), `${this._kind}.${name}`);
        },
        ...(def.set
          ? {
              set(this: ClientObject<M>, value: unknown) {
                this._local[name] = value;
                this._context._payload.sent(value);
                this._call(name, (model) => def.set!(model, value, this._context._host));
              },
            }
          : {}),
      });
    }
  }
}

/** A collection: `items` after load, loads apply to every item. */
abstract class CollectionObject<M, I> extends ClientObject<M> {
  _items: ClientObject<I>[] | undefined;
  abstract _list(model: M): I[];
  abstract _item(model: I): ClientObject<I>;
  _properties(): PropertyTable<M> {
    return {};
  }
  get items(): ClientObject<I>[] {
    if (this._items === undefined) throw officeError(ERROR_CODES.propertyNotLoaded, MESSAGES.propertyNotLoaded('items'), `${this._kind}.items`);
    return this._items;
  }
  override _load(paths: string[] | undefined, where: string): void {
    const model = this._resolve(where);
    const itemPaths = paths?.map((path) => (path === 'items' ? '' : path.startsWith('items/') ? path.slice(6) : path)).filter(Boolean);
    this._items = (model === null ? [] : this._list(model)).map((entry) => {
      const item = this._item(entry);
      item._bind(entry);
      item._load(itemPaths && itemPaths.length ? itemPaths : undefined, where);
      return item;
    });
  }
  getCount(): HostClientResult<number> {
    const result = new HostClientResult<number>();
    this._call('getCount', (model) => result._set(this._list(model).length));
    return result;
  }
  override toJSON(): Record<string, unknown> {
    return this._items ? { items: this._items.map((item) => item.toJSON()) } : {};
  }
}

// ---- Workbook ---------------------------------------------------------------------------------------

const WORKBOOK_PROPERTIES: PropertyTable<HostState> = {
  name: { get: () => 'Book1.xlsx' },
};

export class WorkbookObject extends ClientObject<HostState> {
  _worksheets?: WorksheetCollectionObject;
  _customXmlParts?: CustomXmlPartCollectionObject;
  _settings?: SettingCollectionObject;
  get _kind() {
    return 'Workbook';
  }
  _properties() {
    return WORKBOOK_PROPERTIES;
  }
  get worksheets(): WorksheetCollectionObject {
    return (this._worksheets ??= guarded(new WorksheetCollectionObject(this._context, () => this._context._host), 'WorksheetCollection'));
  }
  get customXmlParts(): CustomXmlPartCollectionObject {
    return (this._customXmlParts ??= guarded(new CustomXmlPartCollectionObject(this._context, () => this._context._host), 'CustomXmlPartCollection'));
  }
  get settings(): SettingCollectionObject {
    return (this._settings ??= guarded(new SettingCollectionObject(this._context, () => this._context._host), 'SettingCollection'));
  }
  getSelectedRange(): RangeObject {
    const host = this._context._host;
    return rangeObject(this._context, () => ({ sheet: host.selection.sheet, rect: host.selection.rect }));
  }
  getActiveCell(): RangeObject {
    const host = this._context._host;
    return rangeObject(this._context, () => ({
      sheet: host.selection.sheet,
      rect: { r0: host.selection.rect.r0, c0: host.selection.rect.c0, r1: host.selection.rect.r0, c1: host.selection.rect.c0 },
    }));
  }
}
ClientObject.define(WorkbookObject, WORKBOOK_PROPERTIES);

// ---- Worksheets -----------------------------------------------------------------------------------

export class WorksheetCollectionObject extends CollectionObject<HostState, Sheet> {
  get _kind() {
    return 'WorksheetCollection';
  }
  _list(host: HostState): Sheet[] {
    return host.sheets;
  }
  _item(sheet: Sheet): ClientObject<Sheet> {
    return worksheetObject(this._context, () => sheet);
  }
  getItem(key: string): WorksheetObject {
    return worksheetObject(this._context, () => this._context._host.findSheet(String(key)));
  }
  getItemOrNullObject(key: string): WorksheetObject {
    return worksheetObject(this._context, () => this._context._host.findSheet(String(key)), true);
  }
  getActiveWorksheet(): WorksheetObject {
    return worksheetObject(this._context, () => this._context._host.activeSheet);
  }
  add(name?: string): WorksheetObject {
    const created = worksheetObject(this._context, () => {
      throw new Error('a worksheet from add() is used before its add ran');
    });
    this._call('add', (host) => created._bind(host.addSheet(name === undefined ? undefined : String(name))));
    return created;
  }
}

const WORKSHEET_PROPERTIES: PropertyTable<Sheet> = {
  name: {
    get: (sheet) => sheet.name,
    set: (sheet, value, host) => {
      if (value === sheet.name) return;
      const others = host.sheets.filter((s) => s !== sheet);
      const problem = sheetNameProblem(value, others);
      if (problem)
        throw new SheetNameError(
          problem,
          others.some((s) => s.name.toLowerCase() === String(value).toLowerCase()),
        );
      sheet.name = value as string;
    },
  },
  id: { get: (sheet) => sheet.id },
  position: {
    get: (sheet, host) => host.sheets.indexOf(sheet),
    set: (sheet, value, host) => {
      const position = Number(value);
      if (!Number.isInteger(position) || position < 0 || position >= host.sheets.length) throw new TypeError(`position ${String(value)} is out of range`);
      const others = host.sheets.filter((s) => s !== sheet);
      others.splice(position, 0, sheet);
      host.sheets = others;
    },
  },
  visibility: {
    get: (sheet) => sheet.visibility,
    set: (sheet, value, host) => {
      if (value !== 'Visible' && value !== 'Hidden' && value !== 'VeryHidden') throw new TypeError(`visibility ${String(value)}`);
      if (value !== 'Visible' && host.sheets.filter((s) => s.visibility === 'Visible' && s !== sheet).length === 0) throw new TypeError('the last visible sheet cannot be hidden');
      sheet.visibility = value;
    },
  },
};

export class WorksheetObject extends ClientObject<Sheet> {
  _charts?: ChartCollectionObject;
  get _kind() {
    return 'Worksheet';
  }
  override _navigation() {
    return { charts: () => this.charts as ClientObject<unknown> };
  }
  /** Excel.Worksheet.charts (ExcelApi 1.1). */
  get charts(): ChartCollectionObject {
    return (this._charts ??= guarded(new ChartCollectionObject(this._context, () => this._resolve('Worksheet.charts')), 'ChartCollection'));
  }
  _properties() {
    return WORKSHEET_PROPERTIES;
  }
  override _valid(sheet: Sheet): boolean {
    return this._context._host.sheets.includes(sheet);
  }
  private _sheet(where: string): Sheet {
    return this._resolve(`Worksheet.${where}`)!;
  }
  /**
   * Worksheet.copy (ExcelApi 1.10): a copy with its entries, formats and charts, placed by
   * positionType ("None", the default, puts it after this sheet); worksheetCopy.ts.
   */
  copy(positionType?: string, relativeTo?: WorksheetObject): WorksheetObject {
    const position = positionType ?? 'None';
    if (!isWorksheetPosition(position)) throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, 'Worksheet.copy', `positionType ${JSON.stringify(positionType)}`);
    const created = worksheetObject(this._context, () => {
      throw new Error('a worksheet from copy() is used before its copy ran');
    });
    this._call('copy', (sheet) => created._bind(copyWorksheet(this._context._host, sheet, position, relativeTo?._resolve('Worksheet.copy') ?? undefined)));
    return created;
  }
  getRange(address?: string): RangeObject {
    if (address === undefined || address === '') {
      throw officeError(ERROR_CODES.notImplemented, 'Worksheet.getRange() without an address (the whole sheet) is not implemented by the test host.', 'Worksheet.getRange');
    }
    return rangeObject(this._context, () => {
      const sheet = this._sheet('getRange');
      const parsed = parseAddress(String(address));
      if (!parsed) throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, 'Worksheet.getRange', `address ${JSON.stringify(address)}`);
      if (parsed.sheetName !== undefined && parsed.sheetName.toLowerCase() !== sheet.name.toLowerCase()) {
        throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, 'Worksheet.getRange', `${address} is not on ${sheet.name}`);
      }
      return { sheet, rect: parsed.rect };
    });
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): RangeObject {
    return rangeObject(this._context, () => {
      const sheet = this._sheet('getRangeByIndexes');
      return { sheet, rect: checkedRect(startRow, startColumn, startRow + rowCount - 1, startColumn + columnCount - 1, 'Worksheet.getRangeByIndexes') };
    });
  }
  getCell(row: number, column: number): RangeObject {
    return rangeObject(this._context, () => ({ sheet: this._sheet('getCell'), rect: checkedRect(row, column, row, column, 'Worksheet.getCell') }));
  }
  getUsedRange(valuesOnly?: boolean): RangeObject {
    return rangeObject(this._context, () => {
      const sheet = this._sheet('getUsedRange');
      return { sheet, rect: usedRect(sheet, valuesOnly === true) ?? { r0: 0, c0: 0, r1: 0, c1: 0 } };
    });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeObject {
    return rangeObject(
      this._context,
      () => {
        const sheet = this._sheet('getUsedRangeOrNullObject');
        const rect = usedRect(sheet, valuesOnly === true);
        return rect ? { sheet, rect } : null;
      },
      true,
    );
  }
  activate(): void {
    this._call('activate', (sheet) => {
      const host = this._context._host;
      host.activeSheet = sheet;
      host.selection = { sheet, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    });
  }
  delete(): void {
    this._call('delete', (sheet) => this._context._host.deleteSheet(sheet));
  }
}
ClientObject.define(WorksheetObject, WORKSHEET_PROPERTIES);

const worksheetObject = (context: HostRequestContext, resolver: () => Sheet | null | undefined, orNull = false): WorksheetObject =>
  guarded(new WorksheetObject(context, resolver, orNull), 'Worksheet');

function checkedRect(r0: number, c0: number, r1: number, c1: number, where: string): Rect {
  if (![r0, c0, r1, c1].every(Number.isInteger) || r0 < 0 || c0 < 0 || r1 < r0 || c1 < c0 || r1 >= MAX_ROWS || c1 >= MAX_COLUMNS) {
    throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, where, `rows ${r0}…${r1}, columns ${c0}…${c1}`);
  }
  return { r0, c0, r1, c1 };
}

function usedRect(sheet: Sheet, valuesOnly: boolean): Rect | undefined {
  let rect: { r0: number; c0: number; r1: number; c1: number } | undefined;
  for (const [key, cell] of sheet.cells) {
    if (valuesOnly && cell.input === '' && cell.value === '') continue;
    const row = keyRow(key);
    const col = keyCol(key);
    if (!rect) rect = { r0: row, c0: col, r1: row, c1: col };
    else {
      rect.r0 = Math.min(rect.r0, row);
      rect.c0 = Math.min(rect.c0, col);
      rect.r1 = Math.max(rect.r1, row);
      rect.c1 = Math.max(rect.c1, col);
    }
  }
  return rect;
}

// ---- Ranges -----------------------------------------------------------------------------------------

function grid<T>(model: RangeModel, read: (row: number, col: number) => T): T[][] {
  const { rect } = model;
  const rows: T[][] = [];
  for (let r = rect.r0; r <= rect.r1; r++) {
    const row: T[] = [];
    for (let c = rect.c0; c <= rect.c1; c++) row.push(read(r, c));
    rows.push(row);
  }
  return rows;
}

const cellAt = (model: RangeModel, row: number, col: number) => model.sheet.cells.get(cellKey(row, col));

/** Applies a 2-D input (or one value for every cell) to a range; null entries leave their cell alone. */
function writeGrid(model: RangeModel, input: unknown, write: (row: number, col: number, value: unknown) => void): void {
  const rows = rectRows(model.rect);
  const cols = rectColumns(model.rect);
  const at = (r: number, c: number): unknown => (Array.isArray(input) ? (input[r] as unknown[])[c] : input);
  if (Array.isArray(input)) {
    if (input.length !== rows || !input.every((row) => Array.isArray(row) && row.length === cols)) {
      throw officeError(
        ERROR_CODES.invalidArgument,
        "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
        undefined,
        `the range is ${rows}×${cols}`,
      );
    }
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = at(r, c);
      if (value !== null && value !== undefined) write(model.rect.r0 + r, model.rect.c0 + c, value);
    }
  }
}

function enterGrid(model: RangeModel, input: unknown, host: HostState): void {
  // Checked in full first: a refused entry writes nothing.
  const entries: { row: number; col: number; typed: TypedInput }[] = [];
  writeGrid(model, input, (row, col, value) => {
    const typed = parseTypedInput(value);
    if (typed.kind === 'formula') host.calc.validate(model.sheet, row, col, typed.text);
    entries.push({ row, col, typed });
  });
  host.calc.batch(() => {
    for (const { row, col, typed } of entries) host.calc.enter(model.sheet, row, col, typed);
  });
}

const RANGE_PROPERTIES: PropertyTable<RangeModel> = {
  address: { get: (m) => qualified(m.sheet, m.rect) },
  addressLocal: { get: (m) => qualified(m.sheet, m.rect) },
  rowCount: { get: (m) => rectRows(m.rect) },
  columnCount: { get: (m) => rectColumns(m.rect) },
  rowIndex: { get: (m) => m.rect.r0 },
  columnIndex: { get: (m) => m.rect.c0 },
  cellCount: { get: (m) => rectRows(m.rect) * rectColumns(m.rect) },
  values: {
    get: (m) => grid(m, (r, c) => cellAt(m, r, c)?.value ?? ''),
    set: (m, value, host) => enterGrid(m, value, host),
  },
  formulas: {
    get: (m) =>
      grid(m, (r, c) => {
        const cell = cellAt(m, r, c);
        return cell === undefined ? '' : cell.input === '' ? cell.value : cell.input;
      }),
    set: (m, value, host) => enterGrid(m, value, host),
  },
  numberFormat: {
    get: (m) => grid(m, (r, c) => cellAt(m, r, c)?.numberFormat ?? 'General'),
    set: (m, value, host) =>
      host.calc.batch(() =>
        writeGrid(m, value, (row, col, format) => {
          if (typeof format !== 'string') throw new TypeError('a number format must be text');
          host.calc.setNumberFormat(m.sheet, row, col, format);
        }),
      ),
  },
  valueTypes: {
    get: (m) =>
      grid(m, (r, c) => {
        const cell = cellAt(m, r, c);
        if (!cell || cell.value === '') return 'Empty';
        if (cell.error) return 'Error';
        return typeof cell.value === 'number' ? 'Double' : typeof cell.value === 'boolean' ? 'Boolean' : 'String';
      }),
  },
};

export class RangeObject extends ClientObject<RangeModel> {
  _worksheet?: WorksheetObject;
  get _kind() {
    return 'Range';
  }
  _properties() {
    return RANGE_PROPERTIES;
  }
  override _navigation() {
    return { worksheet: () => this.worksheet as ClientObject<unknown> };
  }
  override _valid(model: RangeModel): boolean {
    return this._context._host.sheets.includes(model.sheet);
  }
  get worksheet(): WorksheetObject {
    return (this._worksheet ??= worksheetObject(this._context, () => this._resolve('Range.worksheet')?.sheet));
  }
  private _derived(where: string, make: (model: RangeModel) => RangeModel): RangeObject {
    return rangeObject(this._context, () => {
      const model = this._resolve(`Range.${where}`);
      return model === null ? null : make(model);
    });
  }
  getCell(row: number, column: number): RangeObject {
    return this._derived('getCell', (m) => ({ sheet: m.sheet, rect: checkedRect(m.rect.r0 + row, m.rect.c0 + column, m.rect.r0 + row, m.rect.c0 + column, 'Range.getCell') }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): RangeObject {
    return this._derived('getResizedRange', (m) => ({
      sheet: m.sheet,
      rect: checkedRect(m.rect.r0, m.rect.c0, m.rect.r1 + deltaRows, m.rect.c1 + deltaColumns, 'Range.getResizedRange'),
    }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): RangeObject {
    return this._derived('getOffsetRange', (m) => ({
      sheet: m.sheet,
      rect: checkedRect(m.rect.r0 + rowOffset, m.rect.c0 + columnOffset, m.rect.r1 + rowOffset, m.rect.c1 + columnOffset, 'Range.getOffsetRange'),
    }));
  }
  /**
   * Range.getSpillingToRange / …OrNullObject (ExcelApi 1.12): on a dynamic-array anchor, the range
   * its spill fills now (anchor included); "Fails if applied to a range with more than one cell";
   * the OrNullObject form is null "if the range isn't an anchor cell or the spill range can't be
   * found" — a formula with a single value, or one showing #SPILL!, spills nothing.
   */
  getSpillingToRange(): RangeObject {
    return rangeObject(this._context, () => this._spill('getSpillingToRange'));
  }
  getSpillingToRangeOrNullObject(): RangeObject {
    return rangeObject(this._context, () => this._spill('getSpillingToRangeOrNullObject'), true);
  }
  /** Range.getSpillParent / …OrNullObject (ExcelApi 1.12): the anchor whose spill fills this cell. */
  getSpillParent(): RangeObject {
    return rangeObject(this._context, () => this._spillParent('getSpillParent'));
  }
  getSpillParentOrNullObject(): RangeObject {
    return rangeObject(this._context, () => this._spillParent('getSpillParentOrNullObject'), true);
  }
  private _single(where: string): RangeModel | null {
    const model = this._resolve(`Range.${where}`);
    if (model && (model.rect.r0 !== model.rect.r1 || model.rect.c0 !== model.rect.c1)) {
      throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, `Range.${where}`, 'the range must be a single cell');
    }
    return model;
  }
  private _spill(where: string): RangeModel | null {
    const model = this._single(where);
    if (!model) return null;
    const key = cellKey(model.rect.r0, model.rect.c0);
    let rect: Rect | undefined;
    for (const [other, cell] of model.sheet.cells) {
      if (cell.spilledFrom !== key) continue;
      const row = keyRow(other);
      const col = keyCol(other);
      rect = rect
        ? { r0: Math.min(rect.r0, row), c0: Math.min(rect.c0, col), r1: Math.max(rect.r1, row), c1: Math.max(rect.c1, col) }
        : { r0: Math.min(row, model.rect.r0), c0: Math.min(col, model.rect.c0), r1: Math.max(row, model.rect.r0), c1: Math.max(col, model.rect.c0) };
    }
    return rect ? { sheet: model.sheet, rect } : null;
  }
  private _spillParent(where: string): RangeModel | null {
    const model = this._single(where);
    const from = model ? model.sheet.cells.get(cellKey(model.rect.r0, model.rect.c0))?.spilledFrom : undefined;
    if (!model || from === undefined) return null;
    return { sheet: model.sheet, rect: { r0: keyRow(from), c0: keyCol(from), r1: keyRow(from), c1: keyCol(from) } };
  }
  select(): void {
    this._call('select', (m) => {
      const host = this._context._host;
      host.activeSheet = m.sheet;
      host.selection = { sheet: m.sheet, rect: m.rect };
    });
  }
  clear(applyTo: string = 'All'): void {
    this._call('clear', (m) => {
      const host = this._context._host;
      const contents = applyTo === 'All' || applyTo === 'Contents';
      const formats = applyTo === 'All' || applyTo === 'Formats';
      if (!contents && !formats) throw new TypeError(`clear("${applyTo}") is not implemented by the test host`);
      host.calc.batch(() => {
        for (let r = m.rect.r0; r <= m.rect.r1; r++) {
          for (let c = m.rect.c0; c <= m.rect.c1; c++) {
            if (contents) host.calc.enter(m.sheet, r, c, { kind: 'empty' });
            if (formats) host.calc.setNumberFormat(m.sheet, r, c, 'General');
          }
        }
      });
    });
  }
}
ClientObject.define(RangeObject, RANGE_PROPERTIES);

const rangeObject = (context: HostRequestContext, resolver: () => RangeModel | null | undefined, orNull = false): RangeObject =>
  guarded(new RangeObject(context, resolver, orNull), 'Range');

// ---- Charts (Excel.ChartCollection, Chart, ChartSeries, ChartAxes/ChartAxis, ChartTitle, ChartLegend) ----
//
// learn.microsoft.com/javascript/api/excel/excel.chartcollection: add(type, sourceData, seriesBy)
// "Creates a new chart"; a chart holds references to cells, not copies, so a recalculation redraws
// it. What the host refuses as Excel does: a chart type that is not one of Excel.ChartType (or
// "Invalid"), a seriesBy that is not Auto/Columns/Rows, a source range that does not exist (a null
// object, a deleted sheet), series values that are not a single row or column, a category type or
// log scale on the wrong axis, a log base outside 2–1000 or on an axis that is not logarithmic
// (office-js #3695). Chart types the host does not draw are refused as not implemented (honestly,
// rather than pretending). Members are not gated by requirement set (most are ExcelApi 1.7–1.8):
// the add-in checks ExcelApi 1.12 through isSetSupported before it inserts a dashboard.

/** Every Excel.ChartType (ExcelApi 1.1–1.9), from @types/office-js. */
const CHART_TYPES = new Set(
  (
    'ColumnClustered ColumnStacked ColumnStacked100 3DColumnClustered 3DColumnStacked 3DColumnStacked100 BarClustered BarStacked BarStacked100 ' +
    '3DBarClustered 3DBarStacked 3DBarStacked100 LineStacked LineStacked100 LineMarkers LineMarkersStacked LineMarkersStacked100 PieOfPie PieExploded ' +
    '3DPieExploded BarOfPie XYScatterSmooth XYScatterSmoothNoMarkers XYScatterLines XYScatterLinesNoMarkers AreaStacked AreaStacked100 3DAreaStacked ' +
    '3DAreaStacked100 DoughnutExploded RadarMarkers RadarFilled Surface SurfaceWireframe SurfaceTopView SurfaceTopViewWireframe Bubble Bubble3DEffect ' +
    'StockHLC StockOHLC StockVHLC StockVOHLC CylinderColClustered CylinderColStacked CylinderColStacked100 CylinderBarClustered CylinderBarStacked ' +
    'CylinderBarStacked100 CylinderCol ConeColClustered ConeColStacked ConeColStacked100 ConeBarClustered ConeBarStacked ConeBarStacked100 ConeCol ' +
    'PyramidColClustered PyramidColStacked PyramidColStacked100 PyramidBarClustered PyramidBarStacked PyramidBarStacked100 PyramidCol 3DColumn Line ' +
    '3DLine 3DPie Pie XYScatter 3DArea Area Doughnut Radar Histogram Boxwhisker Pareto RegionMap Treemap Waterfall Sunburst Funnel'
  ).split(' '),
);
/** The 2-D line, scatter, column, bar and area charts the host models. */
const MODELLED_CHART_TYPES = new Set(['Line', 'LineMarkers', 'LineStacked', 'XYScatter', 'XYScatterLines', 'XYScatterLinesNoMarkers', 'ColumnClustered', 'BarClustered', 'Area']);
const LEGEND_POSITIONS = new Set(['Invalid', 'Top', 'Bottom', 'Left', 'Right', 'Corner', 'Custom']);
/** Excel's default sheet geometry (Calibri 11): columns 64 px = 48 pt, rows 20 px = 15 pt. */
const COLUMN_POINTS = 48;
const ROW_POINTS = 15;

function checkChartType(value: unknown, where: string): string {
  const type = String(value);
  if (!CHART_TYPES.has(type)) throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, where, `"${type}" is not an Excel.ChartType`);
  if (!MODELLED_CHART_TYPES.has(type)) throw officeError(ERROR_CODES.notImplemented, `Chart type ${type} is not implemented by the test host (harness/host/excel.ts).`, where);
  return type;
}

function checkSeriesBy(value: unknown, where: string): 'Auto' | 'Columns' | 'Rows' {
  const by = value === undefined || value === null ? 'Auto' : String(value);
  if (by !== 'Auto' && by !== 'Columns' && by !== 'Rows') throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, where, `seriesBy "${by}"`);
  return by;
}

/** The cells a Range argument stands for, at sync; a null object or a range of a deleted sheet does not exist. */
function rangeArgument(context: HostRequestContext, value: unknown, where: string): ChartRef {
  if (!(value instanceof RangeObject)) throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, where, 'the source must be an Excel.Range');
  if (value._context !== context) throw officeError(ERROR_CODES.invalidObjectPath, MESSAGES.invalidObjectPath('Range'), where, 'the range belongs to another request context');
  const model = value._resolve(where);
  if (model === null) throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, where, 'the source range does not exist (a null object)');
  return { sheet: model.sheet, rect: model.rect };
}

const isDateFormat = (format: string | undefined): boolean => !!format && /[dy]/i.test(format.replace(/"[^"]*"/g, '')) && !/^General$/i.test(format);

/**
 * Series from a source range, as Excel lays them out: Auto puts series in columns when the range
 * has at least as many rows as columns; a first row of text gives the names; a first column (of
 * several) whose cells are text or dates gives the categories.
 */
function layOutSeries(source: ChartRef, by: 'Auto' | 'Columns' | 'Rows'): ChartSeriesModel[] {
  const { sheet, rect } = source;
  const rows = rect.r1 - rect.r0 + 1;
  const cols = rect.c1 - rect.c0 + 1;
  const columns = by === 'Columns' || (by === 'Auto' && rows >= cols);
  // (major, minor): series run along `minor` inside one `major` line.
  const lines = columns ? cols : rows;
  const length = columns ? rows : cols;
  const at = (line: number, index: number) => sheet.cells.get(columns ? cellKey(rect.r0 + index, rect.c0 + line) : cellKey(rect.r0 + line, rect.c0 + index));
  const isText = (line: number, index: number) => {
    const cell = at(line, index);
    return cell !== undefined && typeof cell.value === 'string' && cell.value !== '' && !cell.error;
  };
  const hasNames =
    length > 1 &&
    Array.from({ length: lines }, (_, line) => line)
      .filter((line) => line > 0 || lines === 1)
      .every((line) => isText(line, 0) || at(line, 0) === undefined);
  const firstData = hasNames ? 1 : 0;
  const categoryLine =
    lines > 1 &&
    Array.from({ length: length - firstData }, (_, i) => i + firstData).every((index) => {
      const cell = at(0, index);
      return cell === undefined || isText(0, index) || isDateFormat(cell.numberFormat);
    });
  const ref = (line: number, from: number, to: number): ChartRef =>
    columns
      ? { sheet, rect: { r0: rect.r0 + from, c0: rect.c0 + line, r1: rect.r0 + to, c1: rect.c0 + line } }
      : { sheet, rect: { r0: rect.r0 + line, c0: rect.c0 + from, r1: rect.r0 + line, c1: rect.c0 + to } };
  const out: ChartSeriesModel[] = [];
  for (let line = categoryLine ? 1 : 0; line < lines; line++) {
    const nameCell = hasNames ? at(line, 0) : undefined;
    out.push({
      name: nameCell && typeof nameCell.value === 'string' ? nameCell.value : `Series${out.length + 1}`,
      ...(firstData <= length - 1 ? { values: ref(line, firstData, length - 1) } : {}),
      ...(categoryLine && firstData <= length - 1 ? { xValues: ref(0, firstData, length - 1) } : {}),
      axisGroup: 'Primary',
    });
  }
  return out;
}

function newAxis(type: 'Category' | 'Value', group: 'Primary' | 'Secondary'): ChartAxisModel {
  return { type, group, title: { text: '', visible: false }, categoryType: 'Automatic', scaleType: 'Linear', logBase: 10, numberFormat: 'General', visible: true };
}

/** What a chart draws from a reference now: numbers, null for anything else. */
export function chartPoints(ref: ChartRef | undefined): (number | null)[] {
  if (!ref) return [];
  const out: (number | null)[] = [];
  for (let r = ref.rect.r0; r <= ref.rect.r1; r++) {
    for (let c = ref.rect.c0; c <= ref.rect.c1; c++) {
      const cell = ref.sheet.cells.get(cellKey(r, c));
      out.push(cell && typeof cell.value === 'number' && !cell.error ? cell.value : null);
    }
  }
  return out;
}

function chartText(ref: ChartRef | undefined): string[] {
  if (!ref) return [];
  const out: string[] = [];
  for (let r = ref.rect.r0; r <= ref.rect.r1; r++) for (let c = ref.rect.c0; c <= ref.rect.c1; c++) out.push(String(ref.sheet.cells.get(cellKey(r, c))?.value ?? ''));
  return out;
}

const liveChart = (chart: ChartModel): boolean => !chart.deleted;

export class ChartCollectionObject extends CollectionObject<Sheet, ChartModel> {
  get _kind() {
    return 'ChartCollection';
  }
  _list(sheet: Sheet): ChartModel[] {
    return this._context._host.charts.filter((chart) => chart.sheet === sheet);
  }
  _item(chart: ChartModel): ClientObject<ChartModel> {
    return chartObject(this._context, () => chart);
  }
  override _properties(): PropertyTable<Sheet> {
    return { count: { get: (sheet) => this._list(sheet).length } };
  }
  add(type: string, sourceData: RangeObject, seriesBy?: string): ChartObject {
    const created = chartObject(this._context, () => {
      throw new Error('a chart from add() is used before its add ran');
    });
    this._call('add', (sheet) => {
      const chartType = checkChartType(type, 'ChartCollection.add');
      const by = checkSeriesBy(seriesBy, 'ChartCollection.add');
      const source = rangeArgument(this._context, sourceData, 'ChartCollection.add');
      const host = this._context._host;
      const taken = new Set(host.charts.filter((c) => c.sheet === sheet).map((c) => c.name));
      let n = 1;
      while (taken.has(`Chart ${n}`)) n++;
      // A new chart is 5 in × 3 in (360 × 216 pt), as Excel inserts one.
      const chart: ChartModel = {
        id: newGuid(),
        sheet,
        name: `Chart ${n}`,
        chartType,
        source,
        seriesBy: by,
        top: 0,
        left: 0,
        width: 360,
        height: 216,
        title: { text: '', visible: false },
        legend: { visible: true, position: 'Right' },
        axes: [newAxis('Category', 'Primary'), newAxis('Value', 'Primary'), newAxis('Category', 'Secondary'), newAxis('Value', 'Secondary')],
        series: layOutSeries(source, by),
      };
      host.charts.push(chart);
      host.record('Chart added', [sheet.name, chartType, qualified(source.sheet, source.rect), by]);
      created._bind(chart);
    });
    return created;
  }
  getItem(name: string): ChartObject {
    return chartObject(this._context, () => this._find(name));
  }
  getItemOrNullObject(name: string): ChartObject {
    return chartObject(this._context, () => this._find(name), true);
  }
  getItemAt(index: number): ChartObject {
    return chartObject(this._context, () => {
      const list = this._list(this._resolve('ChartCollection.getItemAt')!);
      return Number.isInteger(index) && index >= 0 ? list[index] : undefined;
    });
  }
  private _find(name: string): ChartModel | undefined {
    return this._list(this._resolve('ChartCollection.getItem')!).find((chart) => chart.name === String(name));
  }
}

const CHART_PROPERTIES: PropertyTable<ChartModel> = {
  id: { get: (c) => c.id },
  name: {
    get: (c) => c.name,
    set: (c, value) => {
      if (typeof value !== 'string' || value === '') throw new TypeError('a chart name must be non-empty text');
      c.name = value;
    },
  },
  chartType: { get: (c) => c.chartType, set: (c, value) => void (c.chartType = checkChartType(value, 'Chart.chartType')) },
  ...Object.fromEntries(
    (['top', 'left', 'width', 'height'] as const).map((key) => [
      key,
      {
        get: (c: ChartModel) => c[key],
        set: (c: ChartModel, value: unknown) => {
          if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`Chart.${key} must be a number of points ≥ 0`);
          c[key] = value;
        },
      },
    ]),
  ),
};

export class ChartObject extends ClientObject<ChartModel> {
  _title?: ChartTitleObject;
  _legend?: ChartLegendObject;
  _axes?: ChartAxesObject;
  _series?: ChartSeriesCollectionObject;
  get _kind() {
    return 'Chart';
  }
  _properties() {
    return CHART_PROPERTIES;
  }
  override _valid(chart: ChartModel): boolean {
    return liveChart(chart);
  }
  override _navigation() {
    return {
      title: () => this.title as ClientObject<unknown>,
      legend: () => this.legend as ClientObject<unknown>,
      axes: () => this.axes as ClientObject<unknown>,
      series: () => this.series as ClientObject<unknown>,
    };
  }
  private _chart(where: string): ChartModel | null {
    return this._resolve(`Chart.${where}`);
  }
  get title(): ChartTitleObject {
    return (this._title ??= guarded(new ChartTitleObject(this._context, () => this._chart('title')), 'ChartTitle'));
  }
  get legend(): ChartLegendObject {
    return (this._legend ??= guarded(new ChartLegendObject(this._context, () => this._chart('legend')), 'ChartLegend'));
  }
  get axes(): ChartAxesObject {
    return (this._axes ??= guarded(new ChartAxesObject(this._context, () => this._chart('axes')), 'ChartAxes'));
  }
  get series(): ChartSeriesCollectionObject {
    return (this._series ??= guarded(new ChartSeriesCollectionObject(this._context, () => this._chart('series')), 'ChartSeriesCollection'));
  }
  /** Chart.setData: the series are laid out again from the new source (names, formats and groups reset). */
  setData(sourceData: RangeObject, seriesBy?: string): void {
    this._call('setData', (chart) => {
      const by = checkSeriesBy(seriesBy, 'Chart.setData');
      chart.source = rangeArgument(this._context, sourceData, 'Chart.setData');
      chart.seriesBy = by;
      for (const series of chart.series) series.deleted = true;
      chart.series = layOutSeries(chart.source, by);
    });
  }
  /** Chart.setPosition(startCell, endCell?): the chart covers the cells from start to end (its size kept without an end). */
  setPosition(startCell: RangeObject | string, endCell?: RangeObject | string): void {
    this._call('setPosition', (chart) => {
      const cell = (value: RangeObject | string, where: string): Rect => {
        if (typeof value === 'string') {
          const parsed = parseAddress(value);
          if (!parsed || (parsed.sheetName !== undefined && parsed.sheetName.toLowerCase() !== chart.sheet.name.toLowerCase())) {
            throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, where, `address ${JSON.stringify(value)}`);
          }
          return parsed.rect;
        }
        const ref = rangeArgument(this._context, value, where);
        if (ref.sheet !== chart.sheet) throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, where, 'the cell is on another sheet');
        return ref.rect;
      };
      const start = cell(startCell, 'Chart.setPosition');
      chart.top = start.r0 * ROW_POINTS;
      chart.left = start.c0 * COLUMN_POINTS;
      if (endCell !== undefined) {
        const end = cell(endCell, 'Chart.setPosition');
        if (end.r1 < start.r0 || end.c1 < start.c0)
          throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, 'Chart.setPosition', 'the end cell is above or left of the start cell');
        chart.width = (end.c1 + 1) * COLUMN_POINTS - chart.left;
        chart.height = (end.r1 + 1) * ROW_POINTS - chart.top;
      }
    });
  }
  delete(): void {
    this._call('delete', (chart) => {
      chart.deleted = true;
      const host = this._context._host;
      host.charts = host.charts.filter((c) => c !== chart);
    });
  }
}
ClientObject.define(ChartObject, CHART_PROPERTIES);

const chartObject = (context: HostRequestContext, resolver: () => ChartModel | null | undefined, orNull = false): ChartObject =>
  guarded(new ChartObject(context, resolver, orNull), 'Chart');

const TITLE_PROPERTIES: PropertyTable<ChartModel> = {
  text: {
    get: (c) => c.title.text,
    set: (c, value) => {
      if (typeof value !== 'string') throw new TypeError('a title must be text');
      // Setting a title's text shows it (Excel: the title appears once it has text).
      c.title = { text: value, visible: value !== '' };
    },
  },
  visible: { get: (c) => c.title.visible, set: (c, value) => void (c.title.visible = Boolean(value)) },
};

export class ChartTitleObject extends ClientObject<ChartModel> {
  get _kind() {
    return 'ChartTitle';
  }
  _properties() {
    return TITLE_PROPERTIES;
  }
  override _valid(chart: ChartModel): boolean {
    return liveChart(chart);
  }
}
ClientObject.define(ChartTitleObject, TITLE_PROPERTIES);

const LEGEND_PROPERTIES: PropertyTable<ChartModel> = {
  visible: { get: (c) => c.legend.visible, set: (c, value) => void (c.legend.visible = Boolean(value)) },
  position: {
    get: (c) => c.legend.position,
    set: (c, value) => {
      if (!LEGEND_POSITIONS.has(String(value))) throw new TypeError(`legend position ${String(value)}`);
      c.legend.position = String(value);
    },
  },
};

export class ChartLegendObject extends ClientObject<ChartModel> {
  get _kind() {
    return 'ChartLegend';
  }
  _properties() {
    return LEGEND_PROPERTIES;
  }
  override _valid(chart: ChartModel): boolean {
    return liveChart(chart);
  }
}
ClientObject.define(ChartLegendObject, LEGEND_PROPERTIES);

interface AxisRef {
  readonly chart: ChartModel;
  readonly axis: ChartAxisModel;
}

export class ChartAxesObject extends ClientObject<ChartModel> {
  _category?: ChartAxisObject;
  _value?: ChartAxisObject;
  get _kind() {
    return 'ChartAxes';
  }
  _properties(): PropertyTable<ChartModel> {
    return {};
  }
  override _valid(chart: ChartModel): boolean {
    return liveChart(chart);
  }
  override _navigation() {
    return { categoryAxis: () => this.categoryAxis as ClientObject<unknown>, valueAxis: () => this.valueAxis as ClientObject<unknown> };
  }
  private _axis(type: string, group: string): ChartAxisObject {
    return guarded(
      new ChartAxisObject(this._context, () => {
        const chart = this._resolve('ChartAxes.getItem');
        if (!chart) return null;
        if (type !== 'Category' && type !== 'Value') {
          throw officeError(type === 'Series' ? ERROR_CODES.notImplemented : ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, 'ChartAxes.getItem', `axis type ${type}`);
        }
        if (group !== 'Primary' && group !== 'Secondary') throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, 'ChartAxes.getItem', `axis group ${group}`);
        // A secondary axis exists once a series is plotted on it.
        if (group === 'Secondary' && !chart.series.some((s) => s.axisGroup === 'Secondary')) return undefined;
        return { chart, axis: chart.axes.find((a) => a.type === type && a.group === group)! };
      }),
      'ChartAxis',
    );
  }
  get categoryAxis(): ChartAxisObject {
    return (this._category ??= this._axis('Category', 'Primary'));
  }
  get valueAxis(): ChartAxisObject {
    return (this._value ??= this._axis('Value', 'Primary'));
  }
  getItem(type: string, group: string = 'Primary'): ChartAxisObject {
    return this._axis(String(type), String(group));
  }
}
ClientObject.define(ChartAxesObject, {});

const AXIS_PROPERTIES: PropertyTable<AxisRef> = {
  type: { get: (a) => a.axis.type },
  axisGroup: { get: (a) => a.axis.group },
  categoryType: {
    get: (a) => a.axis.categoryType,
    set: (a, value) => {
      if (a.axis.type !== 'Category') throw new TypeError('categoryType applies to a category axis');
      if (value !== 'Automatic' && value !== 'TextAxis' && value !== 'DateAxis') throw new TypeError(`categoryType ${String(value)}`);
      a.axis.categoryType = value;
    },
  },
  scaleType: {
    get: (a) => a.axis.scaleType,
    set: (a, value) => {
      // A line chart's category axis has no scale; only a value axis (or a scatter chart's x axis) can be logarithmic.
      if (a.axis.type !== 'Value' && !a.chart.chartType.startsWith('XYScatter')) throw new TypeError('a category axis cannot be logarithmic');
      if (value !== 'Linear' && value !== 'Logarithmic') throw new TypeError(`scaleType ${String(value)}`);
      a.axis.scaleType = value;
    },
  },
  logBase: {
    get: (a) => a.axis.logBase,
    set: (a, value) => {
      // Excel refuses a log base on an axis that is not logarithmic (office-js #3695: InvalidOperation).
      if (a.axis.scaleType !== 'Logarithmic') throw officeError(ERROR_CODES.invalidOperation, MESSAGES.invalidOperation, 'ChartAxis.logBase', 'set scaleType to Logarithmic first');
      if (typeof value !== 'number' || value < 2 || value > 1000) throw new TypeError('logBase must be 2–1000');
      a.axis.logBase = value;
    },
  },
  numberFormat: {
    get: (a) => a.axis.numberFormat,
    set: (a, value) => {
      if (typeof value !== 'string') throw new TypeError('a number format must be text');
      a.axis.numberFormat = value;
    },
  },
  visible: { get: (a) => a.axis.visible, set: (a, value) => void (a.axis.visible = Boolean(value)) },
};

export class ChartAxisObject extends ClientObject<AxisRef> {
  _title?: ChartAxisTitleObject;
  get _kind() {
    return 'ChartAxis';
  }
  _properties() {
    return AXIS_PROPERTIES;
  }
  override _valid(ref: AxisRef): boolean {
    return liveChart(ref.chart);
  }
  override _navigation() {
    return { title: () => this.title as ClientObject<unknown> };
  }
  get title(): ChartAxisTitleObject {
    return (this._title ??= guarded(new ChartAxisTitleObject(this._context, () => this._resolve('ChartAxis.title')), 'ChartAxisTitle'));
  }
}
ClientObject.define(ChartAxisObject, AXIS_PROPERTIES);

const AXIS_TITLE_PROPERTIES: PropertyTable<AxisRef> = {
  text: {
    get: (a) => a.axis.title.text,
    set: (a, value) => {
      if (typeof value !== 'string') throw new TypeError('a title must be text');
      a.axis.title = { text: value, visible: value !== '' };
    },
  },
  visible: { get: (a) => a.axis.title.visible, set: (a, value) => void (a.axis.title.visible = Boolean(value)) },
};

export class ChartAxisTitleObject extends ClientObject<AxisRef> {
  get _kind() {
    return 'ChartAxisTitle';
  }
  _properties() {
    return AXIS_TITLE_PROPERTIES;
  }
  override _valid(ref: AxisRef): boolean {
    return liveChart(ref.chart);
  }
}
ClientObject.define(ChartAxisTitleObject, AXIS_TITLE_PROPERTIES);

interface SeriesRef {
  readonly chart: ChartModel;
  readonly series: ChartSeriesModel;
}

export class ChartSeriesCollectionObject extends CollectionObject<ChartModel, SeriesRef> {
  get _kind() {
    return 'ChartSeriesCollection';
  }
  _list(chart: ChartModel): SeriesRef[] {
    return chart.series.map((series) => ({ chart, series }));
  }
  _item(ref: SeriesRef): ClientObject<SeriesRef> {
    return seriesObject(this._context, () => ref);
  }
  override _valid(chart: ChartModel): boolean {
    return liveChart(chart);
  }
  override _properties(): PropertyTable<ChartModel> {
    return { count: { get: (chart) => chart.series.length } };
  }
  getItemAt(index: number): ChartSeriesObject {
    return seriesObject(this._context, () => {
      const chart = this._resolve('ChartSeriesCollection.getItemAt');
      const series = chart && Number.isInteger(index) && index >= 0 ? chart.series[index] : undefined;
      return chart && series ? { chart, series } : undefined;
    });
  }
  /** ChartSeriesCollection.add(name?, index?) (ExcelApi 1.7): an empty series, to be given values. */
  add(name?: string, index?: number): ChartSeriesObject {
    const created = seriesObject(this._context, () => {
      throw new Error('a series from add() is used before its add ran');
    });
    this._call('add', (chart) => {
      const series: ChartSeriesModel = { name: name ?? `Series${chart.series.length + 1}`, axisGroup: 'Primary' };
      const at = index === undefined ? chart.series.length : index;
      if (!Number.isInteger(at) || at < 0 || at > chart.series.length) throw new TypeError(`series index ${String(index)}`);
      chart.series.splice(at, 0, series);
      created._bind({ chart, series });
    });
    return created;
  }
}

const SERIES_PROPERTIES: PropertyTable<SeriesRef> = {
  name: {
    get: (s) => s.series.name,
    set: (s, value) => {
      if (typeof value !== 'string') throw new TypeError('a series name must be text');
      s.series.name = value;
    },
  },
  axisGroup: {
    get: (s) => s.series.axisGroup,
    set: (s, value) => {
      if (value !== 'Primary' && value !== 'Secondary') throw new TypeError(`axisGroup ${String(value)}`);
      s.series.axisGroup = value;
    },
  },
};

const DIMENSIONS = new Set(['Categories', 'Values', 'XValues', 'YValues', 'BubbleSizes']);

export class ChartSeriesObject extends ClientObject<SeriesRef> {
  get _kind() {
    return 'ChartSeries';
  }
  _properties() {
    return SERIES_PROPERTIES;
  }
  override _valid(ref: SeriesRef): boolean {
    return liveChart(ref.chart) && !ref.series.deleted;
  }
  private _line(value: RangeObject, where: string): ChartRef {
    const ref = rangeArgument(this._context, value, where);
    if (ref.rect.r0 !== ref.rect.r1 && ref.rect.c0 !== ref.rect.c1)
      throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, where, 'series data must be a single row or column');
    return ref;
  }
  /** ChartSeries.setValues (ExcelApi 1.7): the cells the series' values are read from. */
  setValues(sourceData: RangeObject): void {
    this._call('setValues', (s) => void (s.series.values = this._line(sourceData, 'ChartSeries.setValues')));
  }
  /** ChartSeries.setXAxisValues (ExcelApi 1.7): the cells of its categories (x values). */
  setXAxisValues(sourceData: RangeObject): void {
    this._call('setXAxisValues', (s) => void (s.series.xValues = this._line(sourceData, 'ChartSeries.setXAxisValues')));
  }
  /** ChartSeries.getDimensionValues (ExcelApi 1.12): what the series draws now, as text. */
  getDimensionValues(dimension: string): HostClientResult<string[]> {
    const result = new HostClientResult<string[]>();
    this._call('getDimensionValues', (s) => {
      if (!DIMENSIONS.has(String(dimension))) throw new TypeError(`dimension ${String(dimension)}`);
      if (dimension === 'BubbleSizes') throw new TypeError('a line chart has no bubble sizes');
      const ref = dimension === 'Categories' || dimension === 'XValues' ? s.series.xValues : s.series.values;
      result._set(dimension === 'Categories' || dimension === 'XValues' ? chartText(ref) : chartPoints(ref).map((v) => (v === null ? '' : String(v))));
    });
    return result;
  }
  delete(): void {
    this._call('delete', (s) => {
      s.series.deleted = true;
      s.chart.series = s.chart.series.filter((other) => other !== s.series);
    });
  }
}
ClientObject.define(ChartSeriesObject, SERIES_PROPERTIES);

const seriesObject = (context: HostRequestContext, resolver: () => SeriesRef | null | undefined, orNull = false): ChartSeriesObject =>
  guarded(new ChartSeriesObject(context, resolver, orNull), 'ChartSeries');

// ---- Custom XML parts -------------------------------------------------------------------------------

function checkXml(xml: unknown): string {
  if (typeof xml !== 'string') throw new TypeError('the XML must be text');
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0 || !doc.documentElement) throw new TypeError('the XML is not well-formed');
  return doc.documentElement.namespaceURI ?? '';
}

const livePart = (host: HostState, id: string, namespaceUri?: string): CustomXmlPartRecord | undefined =>
  host.customXmlParts.find((part) => !part.deleted && part.id.toUpperCase() === String(id).toUpperCase() && (namespaceUri === undefined || part.namespaceUri === namespaceUri));

export class CustomXmlPartCollectionObject extends CollectionObject<HostState, CustomXmlPartRecord> {
  get _kind() {
    return 'CustomXmlPartCollection';
  }
  _list(host: HostState): CustomXmlPartRecord[] {
    return host.customXmlParts.filter((part) => !part.deleted);
  }
  _item(part: CustomXmlPartRecord): ClientObject<CustomXmlPartRecord> {
    return partObject(this._context, () => part);
  }
  add(xml: string): CustomXmlPartObject {
    const created = partObject(this._context, () => {
      throw new Error('a part from add() is used before its add ran');
    });
    this._call('add', (host) => {
      const namespaceUri = checkXml(xml);
      checkPartSize(xml);
      const part: CustomXmlPartRecord = { id: newGuid(), namespaceUri, xml };
      host.customXmlParts.push(part);
      created._bind(part);
    });
    return created;
  }
  getItem(id: string): CustomXmlPartObject {
    return partObject(this._context, () => livePart(this._context._host, id));
  }
  getItemOrNullObject(id: string): CustomXmlPartObject {
    return partObject(this._context, () => livePart(this._context._host, id), true);
  }
  getByNamespace(namespaceUri: string): CustomXmlPartScopedCollectionObject {
    return guarded(
      new CustomXmlPartScopedCollectionObject(this._context, () => ({ host: this._context._host, namespaceUri: String(namespaceUri) })),
      'CustomXmlPartScopedCollection',
    );
  }
}

interface Scope {
  readonly host: HostState;
  readonly namespaceUri: string;
}

export class CustomXmlPartScopedCollectionObject extends CollectionObject<Scope, CustomXmlPartRecord> {
  get _kind() {
    return 'CustomXmlPartScopedCollection';
  }
  _list(scope: Scope): CustomXmlPartRecord[] {
    return scope.host.customXmlParts.filter((part) => !part.deleted && part.namespaceUri === scope.namespaceUri);
  }
  _item(part: CustomXmlPartRecord): ClientObject<CustomXmlPartRecord> {
    return partObject(this._context, () => part);
  }
  private _scope(): Scope {
    return this._resolve('CustomXmlPartScopedCollection')!;
  }
  getItem(id: string): CustomXmlPartObject {
    return partObject(this._context, () => livePart(this._context._host, id, this._scope().namespaceUri));
  }
  getItemOrNullObject(id: string): CustomXmlPartObject {
    return partObject(this._context, () => livePart(this._context._host, id, this._scope().namespaceUri), true);
  }
  getOnlyItem(): CustomXmlPartObject {
    return partObject(this._context, () => {
      const list = this._list(this._scope());
      return list.length === 1 ? list[0] : undefined;
    });
  }
  getOnlyItemOrNullObject(): CustomXmlPartObject {
    return partObject(
      this._context,
      () => {
        const list = this._list(this._scope());
        return list.length === 1 ? list[0] : undefined;
      },
      true,
    );
  }
}

const PART_PROPERTIES: PropertyTable<CustomXmlPartRecord> = {
  id: { get: (part) => part.id },
  namespaceUri: { get: (part) => part.namespaceUri },
};

export class CustomXmlPartObject extends ClientObject<CustomXmlPartRecord> {
  get _kind() {
    return 'CustomXmlPart';
  }
  _properties() {
    return PART_PROPERTIES;
  }
  override _valid(part: CustomXmlPartRecord): boolean {
    return !part.deleted;
  }
  getXml(): HostClientResult<string> {
    const result = new HostClientResult<string>();
    // Excel's own serialisation of the part, not the text it was given (customXml.ts).
    this._call('getXml', (part) => result._set(reserialiseXml(part.xml)));
    return result;
  }
  setXml(xml: string): void {
    this._call('setXml', (part) => {
      const namespaceUri = checkXml(xml);
      if (namespaceUri !== part.namespaceUri) throw new TypeError(`setXml cannot change the namespace (${part.namespaceUri} → ${namespaceUri})`);
      checkPartSize(xml);
      part.xml = xml;
    });
  }
  delete(): void {
    this._call('delete', (part) => {
      part.deleted = true;
      const host = this._context._host;
      host.customXmlParts = host.customXmlParts.filter((p) => p !== part);
    });
  }
}
ClientObject.define(CustomXmlPartObject, PART_PROPERTIES);

const partObject = (context: HostRequestContext, resolver: () => CustomXmlPartRecord | null | undefined, orNull = false): CustomXmlPartObject =>
  guarded(new CustomXmlPartObject(context, resolver, orNull), 'CustomXmlPart');

// ---- Settings (Excel's SettingCollection: the document settings, written at sync) -----------------------

interface SettingModel {
  readonly host: HostState;
  readonly key: string;
}

const SETTING_PROPERTIES: PropertyTable<SettingModel> = {
  key: { get: (s) => s.key },
  value: {
    get: (s) => deserializeSettings({ [s.key]: s.host.documentSettings[s.key]! })[s.key],
    set: (s, value) => {
      const serialized = serializeSettings({ [s.key]: value });
      if (!(s.key in serialized)) throw new TypeError(`the value of setting "${s.key}" cannot be serialised`);
      s.host.documentSettings = { ...s.host.documentSettings, ...serialized };
    },
  },
};

export class SettingCollectionObject extends CollectionObject<HostState, SettingModel> {
  get _kind() {
    return 'SettingCollection';
  }
  _list(host: HostState): SettingModel[] {
    return Object.keys(host.documentSettings).map((key) => ({ host, key }));
  }
  _item(model: SettingModel): ClientObject<SettingModel> {
    return settingObject(this._context, () => model);
  }
  add(key: string, value: unknown): SettingObject {
    const created = settingObject(this._context, () => {
      throw new Error('a setting from add() is used before its add ran');
    });
    this._call('add', (host) => {
      const serialized = serializeSettings({ [key]: value });
      if (!(key in serialized)) throw new TypeError(`the value of setting "${key}" cannot be serialised`);
      host.documentSettings = { ...host.documentSettings, ...serialized };
      created._bind({ host, key });
    });
    return created;
  }
  getItem(key: string): SettingObject {
    return settingObject(this._context, () => this._find(key));
  }
  getItemOrNullObject(key: string): SettingObject {
    return settingObject(this._context, () => this._find(key), true);
  }
  private _find(key: string): SettingModel | undefined {
    const host = this._context._host;
    return Object.prototype.hasOwnProperty.call(host.documentSettings, key) ? { host, key } : undefined;
  }
}

export class SettingObject extends ClientObject<SettingModel> {
  get _kind() {
    return 'Setting';
  }
  _properties() {
    return SETTING_PROPERTIES;
  }
  override _valid(model: SettingModel): boolean {
    return Object.prototype.hasOwnProperty.call(model.host.documentSettings, model.key);
  }
  delete(): void {
    this._call('delete', (model) => {
      const { [model.key]: _removed, ...rest } = model.host.documentSettings;
      model.host.documentSettings = rest;
    });
  }
}
ClientObject.define(SettingObject, SETTING_PROPERTIES);

const settingObject = (context: HostRequestContext, resolver: () => SettingModel | null | undefined, orNull = false): SettingObject =>
  guarded(new SettingObject(context, resolver, orNull), 'Setting');

// ---- Excel ------------------------------------------------------------------------------------------

export function createExcel(host: HostState) {
  async function run<T>(...args: unknown[]): Promise<T> {
    const batch = args[args.length - 1];
    if (typeof batch !== 'function') throw officeError(ERROR_CODES.invalidArgument, MESSAGES.invalidArgument, 'Excel.run', 'the last argument must be the batch function');
    if (!host.officeReady) throw officeError(ERROR_CODES.generalException, MESSAGES.officeNotReady, 'Excel.run');
    host.record('Excel.run');
    const context = guarded(new HostRequestContext(host), 'RequestContext');
    try {
      const returned: unknown = (batch as (context: HostRequestContext) => unknown)(context);
      if (returned === null || typeof returned !== 'object' || typeof (returned as PromiseLike<unknown>).then !== 'function') {
        throw officeError(ERROR_CODES.runMustReturnPromise, MESSAGES.runMustReturnPromise, 'Excel.run');
      }
      const result = (await returned) as T;
      if (context._queue.length > 0) await context.sync();
      return result;
    } finally {
      context._finished = true;
    }
  }

  return {
    run,
    RequestContext: function RequestContext() {
      return new HostRequestContext(host);
    },
    ErrorCodes: ERROR_CODES,
    ClearApplyTo: { all: 'All', formats: 'Formats', contents: 'Contents', hyperlinks: 'Hyperlinks', removeHyperlinks: 'RemoveHyperlinks' },
    SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
    RangeValueType: { unknown: 'Unknown', empty: 'Empty', string: 'String', integer: 'Integer', double: 'Double', boolean: 'Boolean', error: 'Error', richValue: 'RichValue' },
  };
}

export const OFFICE_EXTENSION = {
  Error: OfficeExtensionError,
  ErrorCodes: ERROR_CODES,
  ClientResult: HostClientResult,
};

/** The charts of a sheet (every sheet's when omitted) as the test sees them (protocol.ts ChartInfo). */
export function chartInfo(host: HostState, sheetName?: string): ChartInfo[] {
  return host.charts
    .filter((chart) => sheetName === undefined || chart.sheet.name.toLowerCase() === sheetName.toLowerCase())
    .map((chart) => ({
      sheet: chart.sheet.name,
      name: chart.name,
      chartType: chart.chartType,
      source: qualified(chart.source.sheet, chart.source.rect),
      seriesBy: chart.seriesBy,
      title: chart.title.text,
      titleVisible: chart.title.visible,
      legend: { ...chart.legend },
      top: chart.top,
      left: chart.left,
      width: chart.width,
      height: chart.height,
      axes: chart.axes
        .filter((axis) => axis.group === 'Primary' || chart.series.some((s) => s.axisGroup === 'Secondary'))
        .map((axis) => ({
          type: axis.type,
          group: axis.group,
          title: axis.title.text,
          titleVisible: axis.title.visible,
          categoryType: axis.categoryType,
          scaleType: axis.scaleType,
          logBase: axis.logBase,
          numberFormat: axis.numberFormat,
        })),
      series: chart.series.map((series) => ({
        name: series.name,
        ...(series.values ? { values: qualified(series.values.sheet, series.values.rect) } : {}),
        ...(series.xValues ? { xValues: qualified(series.xValues.sheet, series.xValues.rect) } : {}),
        axisGroup: series.axisGroup,
        points: chartPoints(series.values),
      })),
    }));
}
