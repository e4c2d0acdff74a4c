/**
 * The add-in's environment seams, end to end through the store with a fake gateway client and a
 * fake clock (no network, no wall-clock waits): showing the pane refreshes exactly the stale
 * series, once however often it is shown; offline, a refresh waits and goes on when online.
 */
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { createSeries, type Series } from '../../../src/core/series/series';
import type { GatewayClient, GatewaySeries } from '../../../src/data/gatewayClient';
import type { HeldSeries } from '../../../src/data/heldSeries';
import { LiveStore, WAITING_FOR_NETWORK } from '../../../src/data/liveStore';
import { MemoryPersistence } from '../../../src/data/persistence';
import { refreshStaleOnShow } from '../../../src/data/refresh/refreshStaleOnShow';
import { UpstreamError } from '../../../src/data/upstreamError';
import { fakeConnectivity, fakeVisibility, settle, type FakeConnectivity } from './_fakes';

// Tuesday 2026-08-25: a SOFR last dated the Friday before is due; a WALCL of last Wednesday is not.
const NOW = Date.parse('2026-08-25T12:00:00Z');
const LONG_AGO = '2026-08-20T00:00:00Z';

const sofr = (last: string, value: number): Series => createSeries('SOFR', 'PERCENT', [parseIsoDate(last)], [value]);
const walcl = createSeries('WALCL', 'USD_MILLIONS', [parseIsoDate('2026-08-19')], [6_600_000]);
const held = (series: Series): HeldSeries => ({ series, origin: 'snapshot', source: 'snapshot', retrievedAt: LONG_AGO });

/** A gateway client answering from `serving`, unreachable while offline; counts its requests. */
function fakeGateway(serving: Map<string, Series>, connectivity?: FakeConnectivity) {
  const requests: string[] = [];
  const client: GatewayClient = {
    async fetchSeries(id): Promise<GatewaySeries> {
      requests.push(id);
      if (connectivity && !connectivity.isOnline()) throw new UpstreamError('network', 'the gateway is unreachable');
      const series = serving.get(id);
      if (!series) throw new UpstreamError('http', `no ${id}`, { status: 404 });
      const response = {
        id,
        units: series.units,
        asOf: null,
        retrievedAt: new Date(NOW).toISOString(),
        source: `gateway ${id}`,
        origin: 'upstream' as const,
        stale: false,
        observations: [],
      };
      return { response, series };
    },
  };
  return { client, requests };
}

function storeWith(gateway: GatewayClient, initial: HeldSeries[], connectivity = fakeConnectivity()) {
  return new LiveStore({ gateway, persistence: new MemoryPersistence(() => NOW), initial, clock: { now: () => NOW, sleep: async () => undefined }, connectivity });
}

describe('showing the pane', () => {
  it('refreshes the stale series only, and once however often it is shown meanwhile', async () => {
    const gateway = fakeGateway(new Map([['SOFR', sofr('2026-08-24', 4.31)]]));
    const store = storeWith(gateway.client, [held(sofr('2026-08-21', 4.3)), held(walcl)]);
    const visibility = fakeVisibility();
    refreshStaleOnShow(store, visibility);
    expect(store.staleIds()).toEqual(['SOFR']);
    visibility.show();
    visibility.show();
    await settle();
    expect(gateway.requests).toEqual(['SOFR']);
    expect(store.status('SOFR')).toMatchObject({ state: 'fresh', asOf: '2026-08-24' });
    // Fetched just now: showing the pane again asks nobody.
    visibility.show();
    await settle();
    expect(gateway.requests).toEqual(['SOFR']);
  });

  it('leaves series pinned to a workbook\u2019s embedded data for a deliberate refresh', async () => {
    const gateway = fakeGateway(new Map([['SOFR', sofr('2026-08-24', 4.31)]]));
    const store = storeWith(gateway.client, []);
    store.pin([held(sofr('2026-08-21', 4.3))], '2026-08-21T18:00:00Z');
    const visibility = fakeVisibility();
    refreshStaleOnShow(store, visibility);
    visibility.show();
    await settle();
    expect(gateway.requests).toEqual([]);
    expect(store.peek('SOFR')!.series.values).toEqual(new Float64Array([4.3]));
  });

  it('stops listening once unsubscribed', () => {
    const visibility = fakeVisibility();
    const stop = refreshStaleOnShow(storeWith(fakeGateway(new Map()).client, []), visibility);
    expect(visibility.listeners).toBe(1);
    stop();
    expect(visibility.listeners).toBe(0);
  });
});

describe('a refresh while offline', () => {
  it('sends nothing until the network is back, then completes with no attempt lost', async () => {
    const connectivity = fakeConnectivity(false);
    const gateway = fakeGateway(new Map([['SOFR', sofr('2026-08-24', 4.31)]]), connectivity);
    const store = storeWith(gateway.client, [held(sofr('2026-08-21', 4.3))], connectivity);
    const refreshed = store.refresh(['SOFR']);
    await settle();
    expect(gateway.requests).toEqual([]);
    expect(store.status('SOFR')).toMatchObject({ state: 'refreshing', asOf: '2026-08-21' });
    connectivity.set(true);
    const [status] = await refreshed;
    expect(status).toMatchObject({ state: 'fresh', asOf: '2026-08-24' });
    expect(gateway.requests).toEqual(['SOFR']);
  });

  it('says the refresh waits for the network, and tells the pane again when the network is back', async () => {
    const connectivity = fakeConnectivity(false);
    const gateway = fakeGateway(new Map([['SOFR', sofr('2026-08-24', 4.31)]]), connectivity);
    const store = storeWith(gateway.client, [held(sofr('2026-08-21', 4.3))], connectivity);
    const heard: string[] = [];
    store.onStatus((id) => heard.push(`${id} ${store.status(id).message ?? ''}`));
    const refreshed = store.refresh(['SOFR']);
    await settle();
    expect(store.status('SOFR')).toEqual(expect.objectContaining({ state: 'refreshing', message: WAITING_FOR_NETWORK }));
    heard.length = 0;
    connectivity.set(true);
    expect(heard[0]).toBe('SOFR ');
    await refreshed;
    expect(store.status('SOFR').message).toBeUndefined();
  });

  it('pauses its retries when the network drops after a failure, and resumes when it returns', async () => {
    const connectivity = fakeConnectivity(true);
    const gateway = fakeGateway(new Map([['SOFR', sofr('2026-08-24', 4.31)]]), connectivity);
    // The network drops while the first request is under way: it fails, retryable.
    const dropping: GatewayClient = {
      fetchSeries: (id, since, signal) => {
        if (gateway.requests.length === 0) connectivity.set(false);
        return gateway.client.fetchSeries(id, since, signal);
      },
    };
    const store = storeWith(dropping, [held(sofr('2026-08-21', 4.3))], connectivity);
    const refreshed = store.refresh(['SOFR']);
    await settle();
    expect(gateway.requests).toEqual(['SOFR']);
    await settle();
    expect(gateway.requests).toEqual(['SOFR']);
    connectivity.set(true);
    const [status] = await refreshed;
    expect(status).toMatchObject({ state: 'fresh', asOf: '2026-08-24' });
    expect(gateway.requests).toEqual(['SOFR', 'SOFR']);
  });
});
