/** LIQ.TGA.GAP: the Treasury's cash against its own announced target (DESIGN §3.7). */
import { formatIsoDate } from '../../core/dates/isoDate';
import { definedAt } from '../../core/definedAt';
import { isCalcError, notAvailable } from '../../core/errors';
import { asOfIndex } from '../../core/series/asOf';
import { coveredUntil, describeRange } from '../../core/series/coverage';
import { lastDay } from '../../core/series/series';
import { tgaGapAt } from '../../core/treasury/tgaGap';
import { defineFunction } from '../declaration';
import { option, optionalDate } from '../parameters';
import { checkHeldCovers, requireHeld } from '../seriesAccess';

const TARGET_ID = 'TGA.TARGET';
const GAP_IDS = { W: ['TGA', TARGET_ID], D: ['TGA.D', TARGET_ID] } as const;

export const LIQ_TGA_GAP = defineFunction({
  name: 'LIQ.TGA.GAP',
  method: 'liqTgaGap',
  description:
    "Treasury General Account minus the Treasury's announced end-of-quarter cash-balance assumption, USD billions (positive = more cash than planned: liquidity drained). The target is point-in-time: the latest announcement on or before the TGA's day, for the quarter containing it. Weekly (WDTGAL, the Wednesday on or before the date) by default, or daily (the Daily Treasury Statement) when TGA.D is held; latest when omitted.",
  parameters: [
    { name: 'date', description: 'Date (serial or ISO text "2025-10-29"); omitted = the latest TGA day a target covers.', kind: optionalDate, optional: true },
    { name: 'frequency', description: '"W" (Wednesday level, WDTGAL, default) or "D" (daily closing balance, TGA.D).', kind: option(['W', 'D'] as const, 'W'), optional: true },
  ],
  result: 'scalar',
  reads: ([, frequency]) => GAP_IDS[frequency],
  compute([day, frequency], held) {
    const tga = requireHeld(held, GAP_IDS[frequency][0]);
    if (isCalcError(tga)) return tga;
    const target = requireHeld(held, TARGET_ID);
    if (isCalcError(target)) return target;
    const targetEnds = coveredUntil(target, 'Q');
    const requested = day ?? Math.min(lastDay(tga), targetEnds);
    const tgaUncovered = checkHeldCovers(tga, requested);
    if (tgaUncovered) return tgaUncovered;
    // The target is read on the day the TGA was counted (the Wednesday for WDTGAL).
    const tgaDay = definedAt(tga.days, asOfIndex(tga, requested), `the ${tga.id} days`);
    if (tgaDay > targetEnds) {
      return notAvailable(
        `no announced cash-balance target for ${formatIsoDate(tgaDay)}: ${TARGET_ID} covers ${describeRange(target)}, quarters to ${formatIsoDate(targetEnds)}; add Treasury's later announcements to TGA.TARGET.csv`,
      );
    }
    const targetUncovered = checkHeldCovers(target, tgaDay);
    if (targetUncovered) return targetUncovered;
    const gap = tgaGapAt(tga, target, requested);
    return isCalcError(gap) ? gap : gap.gapBn;
  },
});
