/**
 * The task pane (minimal for now: title, data source, the function list).
 * It shares its page and runtime with the custom functions: taskpane.html loads the functions bundle first, then this one.
 */

export interface FunctionSummary {
  /** The signature as users type it. */
  readonly signature: string;
  /** One line: what it returns, in which units. */
  readonly description: string;
}

/** A static list for now; DESIGN.md §2 is the source. */
export const FUNCTION_SUMMARIES: readonly FunctionSummary[] = [
  { signature: 'LIQ.INDEX([date])', description: 'USD net liquidity (Fed assets − TGA − reverse repo), billions.' },
  { signature: 'LIQ.SERIES([start], [end], [frequency])', description: 'Spill of net liquidity and its components, billions.' },
  { signature: 'LIQ.STRESS([date], [measure])', description: 'Repo stress: SOFR − top of fed-funds range (or IORB), basis points.' },
  { signature: 'LIQ.SRF([date])', description: 'Standing Repo Facility take-up, USD billions.' },
  { signature: 'CREDIT.LOSS(pct, [output], [assumptions])', description: 'AI credit-loss scenario for a share of knowledge workers displaced.' },
  { signature: 'CREDIT.ASSUMPTIONS()', description: 'Spill of every credit-loss assumption with its default and source.' },
  { signature: 'RATIO.GOLD(ticker, [date])', description: 'Price of a ticker in troy ounces of gold.' },
  { signature: 'RATIO.GOLD.SERIES(ticker, [start], [end], [frequency])', description: 'Spill of a ticker’s gold ratio over time.' },
  { signature: 'RATIO.PAIR(numerator, denominator, [date])', description: 'Price ratio of two tickers, e.g. XLP/XLY.' },
  { signature: 'LIQ.CORR(a, b, [window], [date])', description: 'Correlation of daily log returns over a window (default 90).' },
  { signature: 'LIQ.BETA(a, b, [window], [date])', description: 'Beta of a on b over the same window.' },
  { signature: 'LIQ.M2.YOY([country], [date])', description: 'M2 growth over 12 months (US or CN), fraction.' },
  { signature: 'LIQ.DATA(id, [start], [end], [transform])', description: 'Spill of any catalogue series in its stated units.' },
];

/** Fills the function list; safe to call more than once. */
export function renderFunctionList(list: HTMLElement, functions: readonly FunctionSummary[] = FUNCTION_SUMMARIES): void {
  const doc = list.ownerDocument;
  list.replaceChildren(
    ...functions.map((fn) => {
      const item = doc.createElement('li');
      item.className = 'functions__item';
      const name = doc.createElement('code');
      name.className = 'functions__name';
      name.textContent = `=${fn.signature}`;
      const description = doc.createElement('span');
      description.className = 'functions__description';
      description.textContent = fn.description;
      item.append(name, description);
      return item;
    }),
  );
}

function setStatus(text: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}

function start(): void {
  const list = document.getElementById('function-list');
  if (list) renderFunctionList(list);

  if (typeof Office === 'undefined') {
    // office.js did not load (offline page, or opened outside Office without the CDN).
    setStatus('Office.js is not loaded: showing the function list only.');
    return;
  }
  void Office.onReady((info) => {
    setStatus(info.host ? `Running in ${String(info.host)}.` : 'Open in Excel to use the functions.');
  });
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start, { once: true });
  } else {
    start();
  }
}
