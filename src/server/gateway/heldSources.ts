/**
 * The gateway's fallbacks below its own cache: the data folder (LIQUIDITY_LENS_DATA, CSV files the
 * operator supplies) and the embedded snapshot (public series only). Each is read once, lazily.
 */
import path from 'node:path';
import { findSeries } from '../../catalog/lookup';
import type { HeldSeries } from '../../data/heldSeries';
import { loadCsvFolder } from '../../data/node/csvFolder';

export interface HeldSources {
  /** The data folder's series for `id`, if it has one. */
  fromDataFolder(id: string): HeldSeries | undefined;
  /** The embedded snapshot's series for `id`, only when the series' licence is public. */
  fromSnapshot(id: string): HeldSeries | undefined;
}

export function createHeldSources(options: {
  dataDir?: string;
  snapshot: () => readonly HeldSeries[];
  log: (line: string) => void;
}): HeldSources {
  let folder: Map<string, HeldSeries> | undefined;
  let snapshot: Map<string, HeldSeries> | undefined;

  const loadFolder = (): Map<string, HeldSeries> => {
    const held = new Map<string, HeldSeries>();
    if (!options.dataDir) return held;
    try {
      const loaded = loadCsvFolder(options.dataDir);
      for (const item of loaded.series) {
        // The file's base name only: the server's folder layout is nobody's business.
        const file = item.source.replace(/^file /, '');
        held.set(item.series.id, { ...item, source: `data folder: ${path.basename(file)}` });
      }
      for (const file of loaded.ignored) options.log(`data folder: ignored ${path.basename(file)} (no catalogue series has that name)`);
      options.log(`data folder: ${held.size} series from ${options.dataDir}${held.size ? ` (${[...held.keys()].join(', ')})` : ''}`);
    } catch (error) {
      options.log(`data folder: not used: ${(error as Error).message}`);
    }
    return held;
  };

  const loadSnapshot = (): Map<string, HeldSeries> => {
    const held = new Map<string, HeldSeries>();
    try {
      for (const item of options.snapshot()) {
        if (findSeries(item.series.id)?.licence === 'public') held.set(item.series.id, item);
      }
    } catch (error) {
      options.log(`snapshot: not used: ${(error as Error).message}`);
    }
    return held;
  };

  return {
    fromDataFolder: (id) => (folder ??= loadFolder()).get(id),
    fromSnapshot: (id) => (snapshot ??= loadSnapshot()).get(id),
  };
}
