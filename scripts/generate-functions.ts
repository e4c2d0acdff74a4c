/** `npm run functions`: writes the metadata wrappers from the function table (scripts/functions/renderWrappers.ts). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS } from '../src/functions/functionTable';
import { renderWrappers } from './functions/renderWrappers';

export const WRAPPERS_FILE = join(__dirname, '..', 'src', 'functions', 'excelFunctions.generated.ts');

writeFileSync(WRAPPERS_FILE, renderWrappers(FUNCTIONS));
console.log(`wrote ${FUNCTIONS.length} function wrappers to src/functions/excelFunctions.generated.ts`);
