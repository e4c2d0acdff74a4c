/**
 * Outside Excel (the pane opened in a plain browser, a page test without the host) there is no
 * CustomFunctions global, and the associate calls the metadata plugin appends to functions.ts
 * would throw and stop the whole bundle. This module, imported before functions.ts, supplies a
 * registry that ignores them, so the pane still works.
 */
import { ExcelFunctionError } from './excelErrors';

const scope = globalThis as { CustomFunctions?: unknown };
if (scope.CustomFunctions === undefined) {
  scope.CustomFunctions = {
    associate: () => undefined,
    Error: ExcelFunctionError,
    ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', invalidNumber: '#NUM!', divisionByZero: '#DIV/0!' },
  };
}
