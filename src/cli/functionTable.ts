/**
 * The CLI's table of custom functions, read from the same JSDoc that builds Excel's functions.json,
 * so a formula here sees exactly the names, parameters and shapes Excel sees.
 */
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import { join } from 'node:path';
import * as functions from '../functions/functions';
import type { FunctionSpec } from './evaluate';

interface MetadataParameter {
  name: string;
  dimensionality?: 'scalar' | 'matrix';
  optional?: boolean;
}

interface MetadataFunction {
  id: string;
  name: string;
  parameters: MetadataParameter[];
  result: { dimensionality?: 'scalar' | 'matrix' };
  options?: { stream?: boolean };
}

export const FUNCTIONS_SOURCE = join(__dirname, '..', 'functions', 'functions.ts');

export async function loadFunctionTable(): Promise<Map<string, FunctionSpec>> {
  const generated = await generateCustomFunctionsMetadata([FUNCTIONS_SOURCE], true);
  if (generated.errors.length) throw new Error(`functions metadata: ${generated.errors.join('; ')}`);
  const metadata = JSON.parse(generated.metadataJson) as { functions: MetadataFunction[] };
  const implementations = functions as unknown as Record<string, (...args: unknown[]) => unknown>;
  const table = new Map<string, FunctionSpec>();
  for (const fn of metadata.functions) {
    const association = generated.associate.find((item) => item.id === fn.id);
    const implementation = association && implementations[association.functionName];
    if (!implementation) throw new Error(`no implementation exported for ${fn.id}`);
    table.set(fn.name.toUpperCase(), {
      name: fn.name,
      parameters: fn.parameters.map((p) => ({ name: p.name, dimensionality: p.dimensionality ?? 'scalar', optional: p.optional === true })),
      fn: implementation,
      resultDimensionality: fn.result.dimensionality ?? 'scalar',
      streaming: fn.options?.stream === true,
    });
  }
  return table;
}
