/**
 * The connection to the Redis that several gateway replicas share (LIQUIDITY_LENS_REDIS_URL).
 * Redis is a help, never a dependency: every command fails fast while it is unreachable (no
 * offline queue, a short deadline per command), and the caller then works from its own memory and
 * disk. The client reconnects by itself; the replica rejoins as soon as Redis answers again.
 */
import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

export type SharedStoreStatus = { readonly state: 'connected' } | { readonly state: 'unreachable'; readonly reason: string; readonly sinceMs: number };

export interface SharedStore {
  /** The Redis URL with any password removed, for logs and /healthz. */
  readonly where: string;
  status(): SharedStoreStatus;
  /**
   * `command`'s answer, or undefined when Redis is unreachable or slower than the deadline: the
   * caller falls back to what it has. Never throws.
   */
  run<T>(command: (client: RedisClient) => Promise<T>): Promise<T | undefined>;
  close(): Promise<void>;
}

/** Longest a command may take before the caller goes on without Redis (a hung Redis must not hang requests). */
export const COMMAND_DEADLINE_MS = 500;
/** Reconnection back-off: 100 ms more per attempt, at most 2 s between attempts. */
const reconnectDelay = (attempt: number): number => Math.min(100 * (attempt + 1), 2_000);

/** `url` without its password, e.g. redis://:secret@host:6379 → redis://host:6379. */
export function displayRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.username = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'redis (unparseable URL)';
  }
}

export function connectSharedStore(options: { readonly url: string; readonly log: (line: string) => void; readonly now?: () => number }): SharedStore {
  const now = options.now ?? Date.now;
  const where = displayRedisUrl(options.url);
  let status: SharedStoreStatus = { state: 'unreachable', reason: 'connecting', sinceMs: now() };
  let closed = false;
  const client: RedisClient = createClient({
    url: options.url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 1_000, reconnectStrategy: (attempt) => (closed ? false : reconnectDelay(attempt)) },
  });

  // Each change of state is logged once, not every failed reconnection attempt.
  const becomeUnreachable = (reason: string): void => {
    if (status.state === 'unreachable' && status.reason !== 'connecting') return;
    status = { state: 'unreachable', reason, sinceMs: now() };
    if (!closed) options.log(`shared store ${where}: unreachable (${reason}); answering from memory and disk until it returns`);
  };
  client.on('ready', () => {
    const was = status;
    status = { state: 'connected' };
    options.log(`shared store ${where}: connected${was.state === 'unreachable' && was.reason !== 'connecting' ? ' again; rejoined' : ''}`);
  });
  client.on('error', (error: Error) => becomeUnreachable(error.message || (error as NodeJS.ErrnoException).code || 'error'));
  client.on('end', () => becomeUnreachable('connection closed'));
  client.connect().catch((error: Error) => becomeUnreachable(error.message));

  return {
    where,
    status: () => status,
    async run(command) {
      if (!client.isReady) return undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const deadline = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), COMMAND_DEADLINE_MS);
        });
        const answer = command(client);
        answer.catch(() => undefined); // a late failure after the deadline answered
        return await Promise.race([answer, deadline]);
      } catch {
        // A refused command (the connection's own failures arrive as 'error' events): go on without it.
        return undefined;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      closed = true;
      if (client.isOpen) await client.close().catch(() => client.destroy());
      else client.destroy();
    },
  };
}
