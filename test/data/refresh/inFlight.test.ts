import { InFlight } from '../../../src/data/refresh/inFlight';

describe('InFlight', () => {
  it('gives every caller for a key the first caller\u2019s promise, and starts afresh once it settled', async () => {
    const flights = new InFlight<number>();
    let started = 0;
    let finish: (value: number) => void = () => undefined;
    const start = () => {
      started++;
      return new Promise<number>((resolve) => (finish = resolve));
    };
    const first = flights.share('WALCL', start);
    const second = flights.share('WALCL', start);
    const other = flights.share('TGA', () => Promise.resolve(7));
    expect(second).toBe(first);
    expect(started).toBe(1);
    finish(42);
    await expect(first).resolves.toBe(42);
    await expect(other).resolves.toBe(7);
    expect(flights.has('WALCL')).toBe(false);
    void flights.share('WALCL', start);
    expect(started).toBe(2);
  });

  it('forgets the key before onSettled runs and before callers continue, also after a rejection', async () => {
    const flights = new InFlight<void>();
    const seen: boolean[] = [];
    const task = flights.share(
      'SOFR',
      () => Promise.reject(new Error('down')),
      () => seen.push(flights.has('SOFR')),
    );
    await expect(task).rejects.toThrow('down');
    expect(seen).toEqual([false]);
    expect(flights.get('SOFR')).toBeUndefined();
  });
});
