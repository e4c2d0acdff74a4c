/**
 * A stand-in for the Liquidity Lens gateway on 127.0.0.1: answers /api/series/{id} from series
 * the test sets, with programmable faults, and logs every request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatIsoDate, parseIsoDate } from '../src/core/dates/isoDate';
import { definedAt } from '../src/core/definedAt';
import type { Series } from '../src/core/series/series';
import type { SeriesResponse } from '../src/data/gatewayProtocol';

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'reset' }
  | { kind: 'truncate' }
  | { kind: 'wrong-shape' }
  | { kind: 'empty' }
  | { kind: 'scale'; factor: number };

export interface MockGateway {
  readonly baseUrl: string;
  readonly requests: { id: string; since: string | null }[];
  setSeries(series: Series, extra?: Partial<SeriesResponse>): void;
  /** Faults for the next requests of `id`, one per request; later requests answer normally. */
  fail(id: string, ...faults: Fault[]): void;
  /** Answer every request after `ms` (simulated latency). */
  latency(ms: number): void;
  close(): Promise<void>;
}

export async function startMockGateway(): Promise<MockGateway> {
  const series = new Map<string, { series: Series; extra: Partial<SeriesResponse> }>();
  const faults = new Map<string, Fault[]>();
  const requests: { id: string; since: string | null }[] = [];
  let latencyMs = 0;

  const body = (id: string, since: string | null, fault?: Fault): SeriesResponse => {
    const held = series.get(id);
    if (!held) throw new Error(`mock gateway has no ${id}`);
    const from = since ? parseIsoDate(since) : -Infinity;
    const observations: [string, number][] = [];
    held.series.days.forEach((day, i) => {
      if (day >= from) observations.push([formatIsoDate(day), definedAt(held.series.values, i) * (fault?.kind === 'scale' ? fault.factor : 1)]);
    });
    return {
      id,
      units: held.series.units,
      asOf: observations.at(-1)?.[0] ?? null,
      retrievedAt: '2026-08-22T12:00:00.000Z',
      source: `mock ${id}`,
      origin: 'upstream',
      stale: false,
      ...(since ? { since } : {}),
      observations: fault?.kind === 'empty' ? [] : observations,
      ...held.extra,
    };
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const id = decodeURIComponent(url.pathname.replace('/api/series/', ''));
    const since = url.searchParams.get('since');
    requests.push({ id, since });
    const fault = faults.get(id)?.shift();
    const answer = () => {
      if (fault?.kind === 'status') {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) });
        res.end(JSON.stringify({ error: { code: 'upstream', message: `mock status ${fault.status}` } }));
        return;
      }
      const text = fault?.kind === 'wrong-shape' ? JSON.stringify({ id, rows: [] }) : JSON.stringify(body(id, since, fault));
      if (fault?.kind === 'reset') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(text.length) });
        res.write(text.slice(0, 20));
        setTimeout(() => res.destroy(), 5);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(fault?.kind === 'truncate' ? text.slice(0, Math.floor(text.length / 2)) : text);
    };
    const wait = (fault?.kind === 'delay' ? fault.ms : 0) + latencyMs;
    if (wait > 0) setTimeout(answer, wait);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    setSeries: (s, extra = {}) => series.set(s.id, { series: s, extra }),
    fail: (id, ...list) => faults.set(id, list),
    latency: (ms) => {
      latencyMs = ms;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
