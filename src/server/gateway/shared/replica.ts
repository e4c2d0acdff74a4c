/**
 * The parts a gateway replica takes from the Redis it shares with the others (LIQUIDITY_LENS_REDIS_URL):
 * the shared series cache over its own disk cache, and the coordination of refreshes and upstream
 * budgets. Without the variable there are none, and the gateway works alone on its disk cache.
 */
import type { GatewayConfig } from '../config';
import { createSeriesCache, type SeriesCache } from '../seriesCache';
import { createSharedSeriesCache } from './sharedCache';
import { createSharedCoordination, type SharedCoordination } from './sharedCoordination';
import { connectSharedStore, type SharedStore } from './sharedStore';

export interface ReplicaParts {
  readonly store: SharedStore;
  readonly cache: SeriesCache;
  readonly coordination: SharedCoordination;
  close(): Promise<void>;
}

export function createReplicaParts(config: GatewayConfig, log: (line: string) => void): ReplicaParts | undefined {
  if (!config.redisUrl) return undefined;
  const store = connectSharedStore({ url: config.redisUrl.reveal(), log });
  const disk = createSeriesCache({ dir: config.cacheDir, log });
  const coordination = createSharedCoordination({ store, log });
  return {
    store,
    cache: createSharedSeriesCache({ disk, store, log }),
    coordination,
    close: async () => {
      coordination.close();
      await store.close();
    },
  };
}
