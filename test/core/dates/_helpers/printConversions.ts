// Printed by dates.test.ts under several TZ values; the output must not depend on the zone.
import { epochDayFromExcelSerial, excelSerialFromEpochDay } from '../../../../src/core/dates/excelSerial';
import { formatIsoDate, parseIsoDate } from '../../../../src/core/dates/isoDate';
import { wednesdayOnOrBefore } from '../../../../src/core/dates/epochDay';

const lines: string[] = [];
for (const serial of [1, 59, 61, 36526, 45658, 46015, 2958465]) {
  const day = epochDayFromExcelSerial(serial);
  lines.push(`${serial} ${formatIsoDate(day)} ${excelSerialFromEpochDay(parseIsoDate(formatIsoDate(day)))} ${formatIsoDate(wednesdayOnOrBefore(day))}`);
}
process.stdout.write(lines.join('\n'));
