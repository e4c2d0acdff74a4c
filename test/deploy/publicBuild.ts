/**
 * The one extra production build the build tests share (builds take time): for a public origin,
 * as a deployer makes it with `ADDIN_ORIGIN=https://lens.example.org npm run build`. Built once per
 * run and cached between runs by addinBuild.ts (the origin is part of its fingerprint).
 */
import { buildAddin } from '../../harness/e2e/addinBuild';

export const PUBLIC_ORIGIN = 'https://lens.example.org';

/** The folder of the build for PUBLIC_ORIGIN. */
export function buildForPublicOrigin(): Promise<string> {
  return buildAddin({ origin: PUBLIC_ORIGIN });
}
