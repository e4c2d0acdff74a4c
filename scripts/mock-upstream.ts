/**
 * The tests' mock upstream on 127.0.0.1, standing alone, for trying the CLI and the gateway with
 * no network: `npm run mock-upstream` (or `tsx scripts/mock-upstream.ts [port]`), then point the
 * providers at it, e.g.
 *
 *   FRED_BASE_URL=http://127.0.0.1:4010 FRED_API_KEY=any LIQUIDITY_LENS_CACHE=$(mktemp -d) \
 *     node bin/liquidity-lens.cjs calc '=LIQ.DATA("GDP","2018-07-01","2018-07-01",,,"first")' --live
 *
 * It serves the recorded ALFRED answers for GDP (harness/upstreams/alfredUpstream.ts) and, through the
 * keyed API, GDP's latest values as that recording had them: each observation's open-ended period
 * (realtime_end 9999-12-31) of the all-vintages answer recorded on 2025-01-20.
 */
import { ALFRED_FILES, ALFRED_FOLDER, ALFRED_RECORDED_ON } from '../harness/upstreams/alfredUpstream';
import { startMockUpstream } from '../harness/upstreams/mockUpstream';
import { readSharedFixture } from '../harness/upstreams/sharedFixtures';

async function main(): Promise<void> {
  const upstream = await startMockUpstream(Number(process.argv[2] ?? 0));
  const rows = (JSON.parse(readSharedFixture(ALFRED_FOLDER, ALFRED_FILES.allVintages)) as { observations: Array<{ realtime_end: string; date: string; value: string }> })
    .observations;
  const latest = rows.filter((row) => row.realtime_end === '9999-12-31');
  upstream.setFredSeries(
    'GDP',
    latest.map((row) => [row.date, row.value === '.' ? null : Number(row.value)] as const),
    { realtime: ALFRED_RECORDED_ON },
  );
  console.log(upstream.url);
  const stop = () => void upstream.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
