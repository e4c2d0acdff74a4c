/**
 * Units are part of a series' type. Values are held in their published units and every model
 * converts explicitly, so a series in millions cannot be read as billions by accident.
 */
export const MONEY_SCALE = {
  USD: 1,
  USD_THOUSANDS: 1e3,
  USD_MILLIONS: 1e6,
  USD_BILLIONS: 1e9,
} as const;

export type MoneyUnit = keyof typeof MONEY_SCALE;

export const UNIT_LABELS = {
  USD: 'USD',
  USD_THOUSANDS: 'USD thousands',
  USD_MILLIONS: 'USD millions',
  USD_BILLIONS: 'USD billions',
  PERCENT: 'percent',
  PRICE_USD: 'USD per unit (price or index level)',
  USD_PER_OZ: 'USD per troy ounce',
  CNY: 'CNY',
  BASIS_POINTS: 'basis points',
  FRACTION: 'fraction (0.05 = 5%)',
  LOG: 'natural logarithm of the value',
  RATIO: 'ratio (dimensionless)',
  OUNCES_OF_GOLD: 'troy ounces of gold',
  // Foreign central-bank balance sheets and the FX rates that convert them, as FRED publishes them.
  EUR_MILLIONS: 'EUR millions',
  JPY_100_MILLIONS: '100 million JPY',
  USD_PER_EUR: 'USD per EUR',
  JPY_PER_USD: 'JPY per USD',
  CNY_PER_USD: 'CNY per USD',
} as const;

export type Unit = keyof typeof UNIT_LABELS;

export function isMoneyUnit(unit: Unit): unit is MoneyUnit {
  return Object.prototype.hasOwnProperty.call(MONEY_SCALE, unit);
}

/** Thrown when a model is handed a series in units it cannot convert: a programming error. */
export class UnitMismatchError extends Error {
  constructor(seriesId: string, actual: Unit, expected: string) {
    super(`${seriesId} is in ${UNIT_LABELS[actual]}, expected ${expected}`);
    this.name = 'UnitMismatchError';
  }
}

/**
 * Factor that turns a value in `from` into `to`.
 * @example
 * moneyConversionFactor('USD_MILLIONS', 'USD_BILLIONS') //=> 0.001
 */
export function moneyConversionFactor(from: MoneyUnit, to: MoneyUnit): number {
  return MONEY_SCALE[from] / MONEY_SCALE[to];
}

/**
 * Amounts in a currency other than dollars, with the size of one published unit in that currency:
 * ECBASSETSW counts millions of euros, JPNASSETS hundreds of millions of yen (oku-en).
 */
export const FOREIGN_AMOUNTS = {
  EUR_MILLIONS: { currency: 'EUR', scale: 1e6 },
  JPY_100_MILLIONS: { currency: 'JPY', scale: 1e8 },
} as const;

export type ForeignAmountUnit = keyof typeof FOREIGN_AMOUNTS;

/**
 * Exchange rates as quoted: `quote` units of currency per one unit of `base`. FRED quotes the euro
 * as USD per EUR (DEXUSEU) but the yen and yuan as JPY or CNY per USD (DEXJPUS, DEXCHUS): the
 * directions differ, so every conversion says which it has.
 */
export const EXCHANGE_RATES = {
  USD_PER_EUR: { quote: 'USD', base: 'EUR' },
  JPY_PER_USD: { quote: 'JPY', base: 'USD' },
  CNY_PER_USD: { quote: 'CNY', base: 'USD' },
} as const;

export type ExchangeRateUnit = keyof typeof EXCHANGE_RATES;

export function isForeignAmountUnit(unit: Unit): unit is ForeignAmountUnit {
  return Object.prototype.hasOwnProperty.call(FOREIGN_AMOUNTS, unit);
}

export function isExchangeRateUnit(unit: Unit): unit is ExchangeRateUnit {
  return Object.prototype.hasOwnProperty.call(EXCHANGE_RATES, unit);
}
