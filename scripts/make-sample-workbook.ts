/**
 * Builds examples/liquidity-lens-dashboard.xlsx: a sample workbook that uses every Liquidity Lens
 * function, with each formula's value cached in the file so a reader without the add-in sees the
 * numbers, a Sources sheet, the data the formulas read embedded as a custom XML part (DESIGN §7)
 * and the web-extension parts that open the add-in's pane with the workbook.
 *
 *   npm run sample
 *
 * Values come from the project's own evaluator (the CLI's parseFormula + evaluateFormula over the
 * function table generated from the JSDoc of src/functions/functions.ts), against the add-in's
 * embedded snapshot — only series whose licence allows redistribution (DESIGN §7), so the sample
 * carries no market prices — and the sample stays in step with the functions. The output is
 * deterministic: no clock, GUIDs derived from hashes, fixed zip timestamps.
 *
 * Formulas are stored as Excel stores an add-in's functions, following a workbook saved by Excel
 * for Mac 16 (../shared/fixtures/excel_xldudf, see its INDEX entry): `_xldudf_LIQ_INDEX(…)` (prefix,
 * dots as underscores, no "="), as a dynamic-array formula — `<f t="array" ref="…">` on a cell with
 * `cm="1"`, which points at xl/metadata.xml's XLDAPR `fDynamic="1"` — with the cached value, and for
 * a spill the other cached values as plain values in its range. A plain `LIQ.INDEX(…)` in a saved
 * file stays #NAME? even after the add-in loads (office-js #6611, Excel-Custom-Functions #108).
 *
 * What ExcelJS (which writes the cells) cannot do, and how it is handled here:
 * - the `cm` attribute and xl/metadata.xml: added by post-processing the zip (jszip);
 * - charts: the net-liquidity chart area is labelled and left empty, with a note saying so; the
 *   "AI credit losses" sheet carries that dashboard's data block exactly where the pane's
 *   Dashboards → Insert puts it (src/workbook/dashboards/layout.ts) and says to insert it from the
 *   pane for its native charts;
 * - custom XML parts and web-extension (add-in) parts: added by post-processing the zip.
 *
 * This file is the entry point; the build is in scripts/sample-workbook/, a module per part: data,
 * formulas, layout, sheetWriter, dashboardSheet, dashboardBlock, sourcesSheet, identity,
 * packageParts, paths, build.
 */
import { buildSampleWorkbook } from './sample-workbook/build';
import { SAMPLE_PATH } from './sample-workbook/paths';

if (require.main === module) {
  buildSampleWorkbook(SAMPLE_PATH).then(
    (built) => {
      const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
      console.log(`wrote ${built.path}: ${kb(built.bytes)}, ${built.formulas.length} formulas`);
      const parts = built.embeddedPartBytes.map((n, i) => `${built.partIds[i]} ${n} bytes`).join(', ');
      console.log(
        `embedded data: ${built.seriesIds.length} series (${built.seriesIds.join(', ')}), as of ${built.embeddedAt}, in ${built.embeddedPartBytes.length} part(s): ${parts}`,
      );
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
