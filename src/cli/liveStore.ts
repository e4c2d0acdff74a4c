/**
 * The CLI's `--live` store: the gateway's own series service runs in this process (same providers,
 * keys from the environment or .env, same disk cache), behind the add-in's LiveStore.
 */
import { PROVIDERS } from '../data/providers/registry';
import { createHttpGet } from '../data/providers/http';
import { seriesFromResponse, type GatewayClient } from '../data/gatewayClient';
import type { HeldSeries } from '../data/heldSeries';
import { LiveStore } from '../data/liveStore';
import { MemoryPersistence } from '../data/persistence';
import { loadGatewayConfig } from '../server/gateway/config';
import { SYSTEM_CLOCK } from '../data/clock';
import { createGateway } from '../server/gateway/gateway';

export function createCliLiveStore(initial: HeldSeries[], env: NodeJS.ProcessEnv, log: (line: string) => void): { store: LiveStore; close(): void } {
  const config = loadGatewayConfig(env, process.cwd());
  const gateway = createGateway({
    config,
    providers: PROVIDERS,
    get: createHttpGet({ timeoutMs: config.upstreamTimeoutMs, maxBytes: config.upstreamMaxBytes }),
    log,
  });
  const client: GatewayClient = {
    fetchSeries: async (id, since) => seriesFromResponse(id, await gateway.service.getSeries(id, since)),
    fetchVintage: async (id, vintage) => seriesFromResponse(id, await gateway.vintages.getVintage(id, vintage)),
  };
  // The service keeps its own disk cache, so this store needs no persistence of its own.
  const store = new LiveStore({ gateway: client, persistence: new MemoryPersistence(), initial, clock: SYSTEM_CLOCK, log });
  return { store, close: () => gateway.close() };
}
