/**
 * Every function under both Excel profiles (DESIGN §2a): an optional argument given as a reference
 * to an empty cell arrives as null on the web and 0 on desktop (office-js #4702, #5262), and must
 * answer exactly as the omitted argument does. A new function must add its call here.
 */
import { blankCell, EXCEL_PROFILES } from '../../src/functions/callingConvention';
import { FUNCTIONS } from '../../src/functions/functionTable';
import { callExcel } from './_helpers/callExcel';
import { functionNamed, functionsOver, sharedDataStore, type Functions } from './_helpers/engines';
import { SAMPLE_CALLS as CALLS } from './_helpers/sampleCalls';

/** The same call with every omitted argument passed as a reference to an empty cell. */
function withBlankCells(args: unknown[], blank: 0 | null, matrixAt: ReadonlySet<number>): unknown[] {
  return args.map((arg, i) => (arg === null ? (matrixAt.has(i) ? [[blank]] : blank) : arg));
}

describe.each(EXCEL_PROFILES)('the %s profile', (profile) => {
  let fx: Functions;
  beforeAll(() => {
    fx = functionsOver(sharedDataStore());
  });

  it('has a call for every function of the table', () => {
    expect(Object.keys(CALLS).sort()).toEqual(FUNCTIONS.map((declaration) => declaration.name).sort());
  });

  it.each(FUNCTIONS.map((declaration) => [declaration.name, declaration] as const))('%s: an empty referenced cell answers as an omitted argument', async (name, declaration) => {
    const call = CALLS[name];
    if (!call) throw new Error(`no sample call for ${name} in _helpers/sampleCalls.ts`);
    const { args, answers } = call;
    const matrixAt = new Set(declaration.parameters.flatMap((parameter, i) => (parameter.kind.dimensionality === 'matrix' ? [i] : [])));
    const omitted = await callExcel(functionNamed(fx, declaration.method), ...args);
    const blank = await callExcel(functionNamed(fx, declaration.method), ...withBlankCells(args, blankCell(profile), matrixAt));
    expect(blank).toEqual(omitted);
    expect('value' in omitted).toBe(answers);
  });
});

describe('where 0 is a valid value it is not taken for a blank cell', () => {
  it('CREDIT.LOSS(0) is the 0 scenario, a blank desktop pct cell the same, a blank web cell asks for pct', async () => {
    const fx = functionsOver(sharedDataStore());
    expect(await callExcel(fx.creditLoss, [[0]], null, null)).toEqual({ value: [[0]] });
    expect(await callExcel(fx.creditLoss, [[blankCell('desktop')]], null, null)).toEqual({ value: [[0]] });
    expect(await callExcel(fx.creditLoss, [[blankCell('web')]], null, null)).toEqual({ code: '#VALUE!', message: expect.stringMatching(/pct is required/) });
  });

  it('a required ticker in a blank cell says what to pass, in both profiles', async () => {
    const fx = functionsOver(sharedDataStore());
    for (const profile of EXCEL_PROFILES) {
      expect(await callExcel(fx.ratioGold, blankCell(profile), null)).toEqual({ code: '#VALUE!', message: expect.stringMatching(/ticker must be text, got nothing/) });
    }
  });
});
