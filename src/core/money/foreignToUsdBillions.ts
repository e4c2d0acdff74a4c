import { invalidNumber, type CalcError } from '../errors';
import { EXCHANGE_RATES, FOREIGN_AMOUNTS, UNIT_LABELS, UnitMismatchError, type ExchangeRateUnit, type ForeignAmountUnit } from '../units';

/**
 * A foreign-currency amount in USD billions at an exchange rate, each in its published units. The
 * rate's direction decides whether it multiplies (USD per EUR) or divides (JPY per USD): the popular
 * chart scripts that multiply the yen by DEXJPUS overstate the BoJ by a factor of about 20,000.
 * @param amount - the amount in `amountUnit` (ECBASSETSW: EUR millions; JPNASSETS: 100 million JPY)
 * @param amountUnit - `'EUR_MILLIONS'` or `'JPY_100_MILLIONS'`
 * @param rate - the exchange rate in `rateUnit` (DEXUSEU: USD per EUR; DEXJPUS: JPY per USD)
 * @param rateUnit - a rate between the amount's currency and the dollar, either way round
 * @returns USD billions; `invalidNumber` when the rate is not a positive finite number or the
 *   amount is not finite. Throws UnitMismatchError when the rate is not between the amount's
 *   currency and the dollar (a programming error: EUR millions at a yen rate)
 * @example
 * foreignToUsdBillions(6_400_000, 'EUR_MILLIONS', 1.125, 'USD_PER_EUR') //=> 7200
 * foreignToUsdBillions(7_500_000, 'JPY_100_MILLIONS', 150, 'JPY_PER_USD') //=> 5000
 */
export function foreignToUsdBillions(amount: number, amountUnit: ForeignAmountUnit, rate: number, rateUnit: ExchangeRateUnit): number | CalcError {
  const { currency, scale } = FOREIGN_AMOUNTS[amountUnit];
  const { quote, base } = EXCHANGE_RATES[rateUnit];
  if (!(Number.isFinite(rate) && rate > 0)) return invalidNumber(`the ${UNIT_LABELS[rateUnit]} rate must be a positive number, got ${rate}`);
  if (!Number.isFinite(amount)) return invalidNumber(`the amount in ${UNIT_LABELS[amountUnit]} must be a finite number, got ${amount}`);
  // amount × scale is in the currency's own units; a billion of those is 1e9.
  const inCurrencyBillions = (amount * scale) / 1e9;
  if (quote === 'USD' && base === currency) return inCurrencyBillions * rate;
  if (base === 'USD' && quote === currency) return inCurrencyBillions / rate;
  throw new UnitMismatchError(`${currency} amount`, rateUnit, `a rate between ${currency} and USD`);
}
