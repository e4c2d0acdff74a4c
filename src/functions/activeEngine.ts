import type { Engine } from './engine';

let installed: Engine | undefined;

/**
 * Excel calls the module-level functions that custom-functions-metadata registers, so they reach
 * the engine through this one slot, filled by the host's composition root (addinEntry.ts for the
 * add-in, the CLI's main) before any formula runs.
 */
export function installEngine(engine: Engine): void {
  installed = engine;
}

export function activeEngine(): Engine {
  if (!installed) throw new Error('Liquidity Lens: no engine installed (the host must call installEngine first)');
  return installed;
}
