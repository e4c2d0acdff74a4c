import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The recorded responses shared by the project (read only; its INDEX.md says what each answers). */
const SHARED_FIXTURES = path.resolve(__dirname, '../../../shared/fixtures');

/** A recorded body from ../shared/fixtures/<folder>/<file>. */
export function readSharedFixture(folder: string, file: string): string {
  const candidate = path.join(SHARED_FIXTURES, folder, file);
  if (!existsSync(candidate)) throw new Error(`fixture ${folder}/${file} not found in ${SHARED_FIXTURES}`);
  return readFileSync(candidate, 'utf8');
}
