/**
 * `liquidity-lens calc '=FORMULA' [--data DIR]`: evaluates one formula of our functions from a
 * terminal, through the same function edge as Excel, against the embedded snapshot plus any CSV
 * series in DIR (or $LIQUIDITY_LENS_DATA). Exit codes: 0 value, 1 Excel error, 2 unusable input.
 */
import { loadCsvFolderChecked } from '../data/node/csvFolder';
import { loadSnapshot, type SnapshotSource } from '../data/snapshot/embeddedSnapshot';
import { RecordingStore } from '../data/recordingStore';
import { MemoryStore } from '../data/store';
import { evaluateFormula } from '../functions/callingConvention';
import { formatEvaluation, formatSyntaxError, type FormattedOutput } from './format';
import { isFormulaSyntaxError, parseFormula } from '../functions/formulaSyntax';
import { functionTableFor } from './functionTable';
import { GatewayConfigError } from '../server/gateway/config';
import { createCliLiveStore } from './liveStore';

const USAGE = `usage: liquidity-lens calc '=FORMULA' [--data DIR] [--live]

  Evaluates one Liquidity Lens formula with literal arguments, e.g.
    liquidity-lens calc '=LIQ.INDEX("2025-12-24")'
    liquidity-lens calc '=CREDIT.LOSS({0.1;0.2;0.3},"net")'
  --data DIR   also load every series CSV in DIR (file names are series ids, e.g. QQQ.csv)
               default: $LIQUIDITY_LENS_DATA
  --live       first refresh the series the formula reads from their sources (the gateway's
               providers, keys from the environment or .env, cache in $LIQUIDITY_LENS_CACHE)
  Prints a value, a spill as CSV, or "#CODE! message". Exit 0 value, 1 Excel error, 2 bad input.
`;

export type CliResult = FormattedOutput;

function usageError(message: string): CliResult {
  return { stdout: '', stderr: `${message}\n\n${USAGE}`, exitCode: 2 };
}

export interface CliDependencies {
  /** The snapshot to start from (default: the embedded one); tests feed a broken one. */
  readonly snapshot?: SnapshotSource;
}

/** Runs the CLI on `argv` (without node and script) and returns what to print; never throws. */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, dependencies: CliDependencies = {}): Promise<CliResult> {
  try {
    return await run(argv, env, dependencies);
  } catch (error) {
    // A configuration to fix names its variables; anything else is our bug. Either way a message, no stack trace.
    if (error instanceof GatewayConfigError) return { stdout: '', stderr: `liquidity-lens: ${error.message}\n`, exitCode: 2 };
    return { stdout: '', stderr: `liquidity-lens: internal error: ${error instanceof Error ? error.message : String(error)}\n`, exitCode: 2 };
  }
}

async function run(argv: readonly string[], env: NodeJS.ProcessEnv, dependencies: CliDependencies): Promise<CliResult> {
  const args = [...argv];
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) return { stdout: USAGE, stderr: '', exitCode: args.length === 0 ? 2 : 0 };
  const command = args.shift();
  if (command !== 'calc') return usageError(`unknown command "${command}"`);
  let dataDir = env.LIQUIDITY_LENS_DATA || undefined;
  const dataIndex = args.indexOf('--data');
  if (dataIndex >= 0) {
    dataDir = args[dataIndex + 1];
    if (!dataDir) return usageError('--data needs a folder');
    args.splice(dataIndex, 2);
  }
  const liveIndex = args.indexOf('--live');
  const live = liveIndex >= 0;
  if (live) args.splice(liveIndex, 1);
  const [formula] = args;
  if (args.length !== 1 || formula === undefined) return usageError('give exactly one formula, quoted');

  const parsed = parseFormula(formula);
  if (isFormulaSyntaxError(parsed)) return formatSyntaxError(parsed);

  // A broken snapshot is said, and the formula still runs: CREDIT.LOSS needs no data.
  const snapshot = loadSnapshot(dependencies.snapshot);
  const notes: string[] = snapshot.problem ? [`note: ${snapshot.problem}\n`] : [];
  const initial = [...snapshot.series];
  if (dataDir) {
    // Off the event loop, each file bounded and checked (a FIFO, an implausible value): an unusable file is exit 2, never a hang.
    const shipped = new Map(snapshot.series.map((item) => [item.series.id, item.series]));
    let loaded: Awaited<ReturnType<typeof loadCsvFolderChecked>>;
    try {
      loaded = await loadCsvFolderChecked(dataDir, { reference: (id) => shipped.get(id) });
    } catch (error) {
      const message = (error as NodeJS.ErrnoException).code ? (error as Error).message : String(error);
      return { stdout: '', stderr: `cannot load --data ${dataDir}: ${message}\n`, exitCode: 2 };
    }
    if (loaded.refused.length) {
      return { stdout: '', stderr: loaded.refused.map(({ reason }) => `cannot load --data ${dataDir}: ${reason}\n`).join(''), exitCode: 2 };
    }
    initial.push(...loaded.series);
  }
  if (!live) {
    const result = formatEvaluation(await evaluateFormula(parsed, functionTableFor(new MemoryStore(initial))));
    return { ...result, stderr: notes.join('') + result.stderr };
  }
  const { store, close } = createCliLiveStore(initial, env, () => {});
  try {
    // Evaluate once to learn which series the formula reads, refresh them, then answer.
    const recorder = new RecordingStore(store);
    await evaluateFormula(parsed, functionTableFor(recorder));
    for (const status of await store.refresh([...recorder.ids])) {
      if (status.state === 'error' || status.state === 'stale') {
        notes.push(`note: ${status.id} ${status.state}${status.message ? `: ${status.message}` : ''}${status.asOf ? ` (using data as of ${status.asOf})` : ''}\n`);
      }
    }
    const result = formatEvaluation(await evaluateFormula(parsed, functionTableFor(store)));
    return { ...result, stderr: notes.join('') + result.stderr };
  } finally {
    close();
  }
}
