/**
 * Runs one benchmark figure in a process of its own — a fresh heap, no other figure's garbage,
 * timers or JIT state, and room for the production bundle's globals (figure 1) — and hands its
 * {figures, details} back as JSON on stdout; progress lines go to stderr.
 *
 *   node --expose-gc --import tsx scripts/bench/child.ts <figure> [production build folder]
 *
 * main.ts starts one per figure (runFigureInChild).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { measureColdStart } from './coldStart';
import { measureColdStore } from './coldStore';
import type { FigureResult } from './common';
import { measureHeldCalls } from './heldCalls';
import { measureMemory } from './memory';
import { measureRolling } from './rolling';
import { measureSpills } from './spills';
import { measureWorkbookOpen } from './workbookOpen';

export const LATENCY_MS = 100;

const FIGURES = {
  held: (bundleDir: string, log: (line: string) => void) => measureHeldCalls({ bundleDir, log }),
  cold: (_: string, log: (line: string) => void) => measureColdStore({ latencyMs: LATENCY_MS, log }),
  rolling: (_: string, log: (line: string) => void) => measureRolling(log),
  spills: (_: string, log: (line: string) => void) => measureSpills(log),
  coldStart: (bundleDir: string, log: (line: string) => void) => measureColdStart({ bundleDir, log }),
  memory: (_: string, log: (line: string) => void) => measureMemory(log),
  workbook: (bundleDir: string, log: (line: string) => void) => measureWorkbookOpen({ bundleDir, latencyMs: LATENCY_MS, log }),
} as const;

export type FigureName = keyof typeof FIGURES;

/** Runs `figure` in a child process; its progress lines go to `log`. */
export function runFigureInChild(figure: FigureName, bundleDir: string, log: (line: string) => void): Promise<FigureResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', __filename, figure, bundleDir],
      { cwd: path.resolve(__dirname, '../..'), maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`figure ${figure} failed: ${stderr.trim() || error.message}`));
        else resolve(JSON.parse(stdout) as FigureResult);
      },
    );
    let pending = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('[progress] ')) log(line.slice('[progress] '.length));
    });
  });
}

if (require.main === module) {
  const [figure, bundleDir = ''] = process.argv.slice(2);
  const measure = FIGURES[figure as FigureName];
  if (!measure) {
    console.error(`usage: child.ts <${Object.keys(FIGURES).join('|')}> [production build folder]`);
    process.exit(2);
  }
  measure(bundleDir, (line) => console.error(`[progress] ${line}`)).then(
    (result) => {
      process.stdout.write(JSON.stringify(result));
      // Servers, browsers and stores are closed; a stray timer (the bundle's store) must not hold the process.
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
