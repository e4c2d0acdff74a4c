import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HeldSeries } from '../heldSeries';
import { decodeEntry, encodeEntry, type SeriesPersistence } from '../persistence';

/**
 * The persisted cache as one file per series in a folder (the CLI's store). Written to a temporary
 * file and renamed, so a crash never leaves half a file; unreadable files are deleted on load.
 */
export class FilePersistence implements SeriesPersistence {
  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  async loadAll(): Promise<HeldSeries[]> {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((name) => name.endsWith('.json'));
    } catch {
      return [];
    }
    const items: HeldSeries[] = [];
    for (const name of names) {
      const path = join(this.dir, name);
      const decoded = decodeEntry(readFileSync(path, 'utf8'), this.now());
      if ('item' in decoded) items.push(decoded.item);
      else rmSync(path, { force: true });
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
