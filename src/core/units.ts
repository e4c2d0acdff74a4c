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
