/**
 * The Functions panel: every function with its arguments, units and an example, read from the
 * same functions.json Excel reads, and an Insert action that writes the example into the selected
 * cell (the pane may write cells; functions may not).
 */
import { byId, h } from './dom';

interface Metadata {
  functions: { id: string; name: string; description: string; parameters: { name: string; description?: string; optional?: boolean }[] }[];
}

/** A formula that works on the embedded snapshot (README's function table gives its result). */
export const EXAMPLES: Readonly<Record<string, string>> = {
  'LIQ.INDEX': '=LIQ.INDEX()',
  'LIQ.SERIES': '=LIQ.SERIES("2025-01-01")',
  'LIQ.STRESS': '=LIQ.STRESS()',
  'LIQ.SRF': '=LIQ.SRF()',
  'LIQ.M2.YOY': '=LIQ.M2.YOY("US")',
  'LIQ.CORR': '=LIQ.CORR("BTC","NDX",21)',
  'LIQ.BETA': '=LIQ.BETA("BTC","NDX",21)',
  'LIQ.DATA': '=LIQ.DATA("WALCL","2025-01-01")',
  'CREDIT.LOSS': '=CREDIT.LOSS(0.2)',
  'CREDIT.ASSUMPTIONS': '=CREDIT.ASSUMPTIONS()',
  'RATIO.GOLD': '=RATIO.GOLD("SPX")',
  'RATIO.GOLD.SERIES': '=RATIO.GOLD.SERIES("SPX","2000-01-01",,"M")',
  'RATIO.PAIR': '=RATIO.PAIR("XLP","XLY")',
  'LIQ.GLOBAL': '=LIQ.GLOBAL(,"table")',
  'LIQ.GLOBAL.SERIES': '=LIQ.GLOBAL.SERIES("2024-01-01",,"M")',
  'LIQ.TGA.GAP': '=LIQ.TGA.GAP("2025-10-29")',
  'LIQ.LAG': '=LIQ.LAG("SPX.M","M2",90,120)',
  'RATIO.GOLD.CHANGE': '=RATIO.GOLD.CHANGE("M2","1999-03-31","2026-02-27")',
};

export async function renderFunctions(announce: (text: string) => void): Promise<void> {
  const list = byId<HTMLUListElement>('function-list');
  let metadata: Metadata;
  try {
    const response = await fetch('functions.json');
    metadata = (await response.json()) as Metadata;
  } catch {
    list.replaceChildren(h('li', {}, 'The function list could not be loaded.'));
    return;
  }
  list.replaceChildren(
    ...metadata.functions.map((fn) => {
      const example = EXAMPLES[fn.id] ?? `=${fn.name}()`;
      const insert = h('button', { type: 'button', class: 'button', 'data-testid': `insert-${fn.id}`, 'aria-label': `Insert ${example} into the selected cell` }, 'Insert');
      insert.addEventListener('click', () => void insertFormula(example, announce));
      const signature = `${fn.name}(${fn.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ')})`;
      return h(
        'li',
        { class: 'function', 'data-testid': 'function-item', 'data-function': fn.id },
        h('code', { class: 'function__signature' }, `=${signature}`),
        h('p', { class: 'function__description' }, fn.description),
        h('ul', { class: 'function__params' }, ...fn.parameters.map((p) => h('li', {}, h('code', {}, p.name), p.optional ? ' (optional) ' : ' ', p.description ?? ''))),
        h('div', { class: 'function__example' }, h('code', {}, example), insert),
      );
    }),
  );
}

async function insertFormula(formula: string, announce: (text: string) => void): Promise<void> {
  try {
    await Excel.run(async (context) => {
      const range = context.workbook.getSelectedRange();
      range.load('address');
      await context.sync();
      range.getCell(0, 0).formulas = [[formula]];
      await context.sync();
      announce(`Inserted ${formula} in ${range.address}.`);
    });
  } catch (error) {
    announce(`Could not insert the formula: ${(error as Error).message}`);
  }
}
