/**
 * The gateway's fallbacks below its own cache: the data folder (LIQUIDITY_LENS_DATA, CSV files the
 * operator supplies) and the embedded snapshot (public series only). Each is read once, lazily.
 *
 * The data folder is read off the event loop, file by file, each bounded (src/data/node/userFiles.ts):
 * a FIFO named WALCL.csv once froze the whole server, static pages included. A file that cannot be
 * used (not a regular file, too large, too slow, malformed, implausible) is logged once with its
 * reason and left out; the folder's other series are still used.
 */
import path from 'node:path';
import { findSeries } from '../../catalog/lookup';
import type { HeldSeries } from '../../data/heldSeries';
import { loadCsvFolderChecked } from '../../data/node/csvFolder';

export interface HeldSources {
  /** The data folder's series for `id`, if it has one. */
  fromDataFolder(id: string): Promise<HeldSeries | undefined>;
  /** The embedded snapshot's series for `id`, only when the series' licence is public. */
  fromSnapshot(id: string): HeldSeries | undefined;
}

export function createHeldSources(options: { dataDir?: string; snapshot: () => readonly HeldSeries[]; log: (line: string) => void }): HeldSources {
  let folder: Promise<Map<string, HeldSeries>> | undefined;
  let snapshot: Map<string, HeldSeries> | undefined;

  // Messages name files by their base name only: the server's folder layout is nobody's business.
  const hideFolder = (text: string): string => (options.dataDir ? text.split(`${options.dataDir}${path.sep}`).join('') : text);

  const loadFolder = async (): Promise<Map<string, HeldSeries>> => {
    const held = new Map<string, HeldSeries>();
    if (!options.dataDir) return held;
    const shipped = loadSnapshot();
    try {
      const loaded = await loadCsvFolderChecked(options.dataDir, { reference: (id) => shipped.get(id)?.series });
      for (const item of loaded.series) {
        const file = item.source.replace(/^file /, '');
        held.set(item.series.id, { ...item, source: `data folder: ${path.basename(file)}` });
      }
      for (const file of loaded.ignored) options.log(`data folder: ignored ${path.basename(file)} (no catalogue series has that name)`);
      for (const { reason } of loaded.refused) options.log(`data folder: not used: ${hideFolder(reason)}`);
      options.log(`data folder: ${held.size} series from ${options.dataDir}${held.size ? ` (${[...held.keys()].join(', ')})` : ''}`);
    } catch (error) {
      options.log(`data folder: not used: ${hideFolder((error as Error).message)}`);
    }
    return held;
  };

  const loadSnapshot = (): Map<string, HeldSeries> => {
    if (snapshot) return snapshot;
    const held = new Map<string, HeldSeries>();
    try {
      for (const item of options.snapshot()) {
        if (findSeries(item.series.id)?.licence === 'public') held.set(item.series.id, item);
      }
    } catch (error) {
      options.log(`snapshot: not used: ${(error as Error).message}`);
    }
    snapshot = held;
    return held;
  };

  return {
    fromDataFolder: async (id) => (await (folder ??= loadFolder())).get(id),
    fromSnapshot: (id) => loadSnapshot().get(id),
  };
}
