import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HeldSeries } from '../heldSeries';
import { decodeEntry, encodeEntry, type SeriesPersistence } from '../persistence';
import { UserFileError, readUserFile } from './userFiles';

/**
 * The persisted cache as one file per series in a folder (the CLI's store). Written to a temporary
 * file and renamed, so a crash never leaves half a file; the temporary files of interrupted writes
 * are removed on load. An entry that cannot be used (corrupt, foreign version, expired, or not a
 * regular file: a folder where the file should be) is dropped on its own and logged once with its
 * reason; the other entries load.
 */
export class FilePersistence implements SeriesPersistence {
  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async loadAll(): Promise<HeldSeries[]> {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    for (const name of names.filter((n) => n.endsWith('.tmp'))) {
      rmSync(join(this.dir, name), { force: true, recursive: true });
      this.log(`cache: removed ${name} (left by an interrupted write)`);
    }
    const items: HeldSeries[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const path = join(this.dir, name);
      let reason: string;
      try {
        const decoded = decodeEntry((await readUserFile(path)).text, this.now());
        if ('item' in decoded) {
          items.push(decoded.item);
          continue;
        }
        reason = decoded.reason;
      } catch (error) {
        reason = error instanceof UserFileError ? error.reason : (error as Error).message;
      }
      // Removed, so the next load does not find (and log) it again.
      rmSync(path, { force: true, recursive: statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false });
      this.log(`cache: dropped ${name} (${reason})`);
    }
    return items;
  }

  async save(item: HeldSeries): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, `${encodeURIComponent(item.series.id)}.json`);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, encodeEntry(item, this.now()));
    renameSync(temporary, path);
  }
}
