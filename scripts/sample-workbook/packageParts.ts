/** Package parts ExcelJS cannot write: custom XML, dynamic-array metadata, the add-in's web-extension parts; a deterministic re-zip. */
import JSZip from 'jszip';
import { EMBEDDED_NAMESPACE, EMBEDDED_SETTING, type EmbeddedSetting } from '../../src/workbook/embeddedPart';
import { hashGuid, type ManifestIdentity } from './identity';

/** OOXML names of the parts this script adds to what ExcelJS writes. */
export const PARTS = {
  customXmlItem: (n: number) => `customXml/item${n}.xml`,
  customXmlProps: (n: number) => `customXml/itemProps${n}.xml`,
  customXmlItemRels: (n: number) => `customXml/_rels/item${n}.xml.rels`,
  metadata: 'xl/metadata.xml',
  webextension: 'xl/webextensions/webextension1.xml',
  taskpanes: 'xl/webextensions/taskpanes.xml',
  taskpanesRels: 'xl/webextensions/_rels/taskpanes.xml.rels',
} as const;

export const REL = {
  customXml: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml',
  customXmlProps: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps',
  webextensionTaskpanes: 'http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes',
  webextension: 'http://schemas.microsoft.com/office/2011/relationships/webextension',
  sheetMetadata: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata',
} as const;

const CONTENT_TYPE = {
  customXmlProps: 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml',
  webextension: 'application/vnd.ms-office.webextension+xml',
  taskpanes: 'application/vnd.ms-office.webextensiontaskpanes+xml',
  sheetMetadata: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml',
  xml: 'application/xml',
} as const;

const NS = {
  relationships: 'http://schemas.openxmlformats.org/package/2006/relationships',
  officeRelationships: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  customXml: 'http://schemas.openxmlformats.org/officeDocument/2006/customXml',
  webextension: 'http://schemas.microsoft.com/office/webextensions/webextension/2010/11',
  taskpanes: 'http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11',
  drawingml: 'http://schemas.openxmlformats.org/drawingml/2006/main',
} as const;

/** The Office document setting that makes Office open the pane with the workbook. */
export const AUTO_SHOW_TASKPANE = 'Office.AutoShowTaskpaneWithDocument';

function xmlAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function customXmlProps(partId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n` +
    `<ds:datastoreItem ds:itemID="${partId}" xmlns:ds="${NS.customXml}"><ds:schemaRefs><ds:schemaRef ds:uri="${EMBEDDED_NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>`
  );
}

function relationships(rels: readonly { id: string; type: string; target: string }[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<Relationships xmlns="${NS.relationships}">` +
    rels.map((rel) => `<Relationship Id="${rel.id}" Type="${rel.type}" Target="${rel.target}"/>`).join('') +
    `</Relationships>`
  );
}

/**
 * The add-in part. The reference follows "Automatically open a task pane with a document"
 * (learn.microsoft.com/office/dev/add-ins/develop/automatically-open-a-task-pane-with-a-document,
 * its table of storeType values): for a sideloaded add-in — the install route README gives for
 * Excel on the web, Windows and Mac — storeType "Registry", store "developer", the manifest's GUID
 * and version; that is also what Excel for Mac 16 wrote for a sideloaded add-in in
 * ../shared/fixtures/excel_xldudf. (A shared-folder catalog would be storeType "FileSystem" with the
 * share's path, Microsoft 365 Centralized Deployment "EXCatalog"; both depend on the deployment.)
 * Its properties are the add-in's document settings (Office.context.document.settings), each value
 * JSON-encoded. The extension lists the stored names of the custom functions the workbook uses, as
 * Excel writes it (ext {7C84B067-…}, customFunctionIdList, copied from the fixture).
 */
function webextensionXml(instanceId: string, manifest: ManifestIdentity, settings: Readonly<Record<string, unknown>>, functionIds: readonly string[]): string {
  const properties = Object.entries(settings)
    .map(([name, value]) => `<we:property name="${xmlAttr(name)}" value="${xmlAttr(JSON.stringify(value))}"/>`)
    .join('');
  const ids = functionIds.map((id) => `<we:customFunctionIds>${id}</we:customFunctionIds>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<we:webextension xmlns:we="${NS.webextension}" id="${instanceId}">` +
    `<we:reference id="${manifest.id}" version="${manifest.version}" store="developer" storeType="Registry"/>` +
    `<we:alternateReferences/>` +
    `<we:properties>${properties}</we:properties>` +
    `<we:bindings/>` +
    `<we:snapshot xmlns:r="${NS.officeRelationships}"/>` +
    `<we:extLst><a:ext xmlns:a="${NS.drawingml}" uri="${CUSTOM_FUNCTION_IDS_EXT}"><we:customFunctionIdList>${ids}</we:customFunctionIdList></a:ext></we:extLst>` +
    `</we:webextension>`
  );
}

/** The extLst entry Excel writes for an add-in's custom functions (../shared/fixtures/excel_xldudf). */
export const CUSTOM_FUNCTION_IDS_EXT = '{7C84B067-C214-45C3-A712-C9D94CD141B2}';

/**
 * The persisted pane, docked right. Visibility 1: the same page says a document that should bring
 * its add-in with it (the recipient is prompted to install and trust it) must set it to 1.
 */
function taskpanesXml(relId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<wetp:taskpanes xmlns:wetp="${NS.taskpanes}">` +
    `<wetp:taskpane dockstate="right" visibility="1" width="350" row="4">` +
    `<wetp:webextensionref xmlns:r="${NS.officeRelationships}" r:id="${relId}"/>` +
    `</wetp:taskpane></wetp:taskpanes>`
  );
}

/**
 * xl/metadata.xml as Excel writes it for dynamic-array formulas (copied from the fixture): one
 * cell-metadata block, XLDAPR with fDynamic="1", which every formula cell points at with cm="1".
 */
const DYNAMIC_ARRAY_METADATA =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
  `<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xlrd="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">` +
  `<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>` +
  `<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>` +
  `<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata>` +
  `</metadata>`;

/** Marks every cell holding an array formula (ExcelJS writes `<f t="array" ref=…>`) as a dynamic array: cm="1". */
export function markDynamicArrays(sheetXml: string): string {
  return sheetXml.replace(/<c ((?:(?!>)[^])*?)>(<f t="array")/g, (match, attrs: string, f: string) => (/\bcm="/.test(attrs) ? match : `<c ${attrs} cm="1">${f}`));
}

/** Adds a relationship to a .rels part with the next free rId, returning the new text. */
function addRelationship(rels: string, type: string, target: string): string {
  const used = [...rels.matchAll(/\bId="rId(\d+)"/g)].map((m) => Number(m[1]));
  const id = `rId${Math.max(0, ...used) + 1}`;
  if (!rels.includes('</Relationships>')) throw new Error('not a relationships part');
  return rels.replace('</Relationships>', `<Relationship Id="${id}" Type="${type}" Target="${target}"/></Relationships>`);
}

function addContentTypes(types: string, overrides: readonly { part: string; type: string }[]): string {
  let out = types;
  // customXml/item{n}.xml is plain XML: Excel relies on the Default for ".xml"; add it if missing.
  if (!/<Default\s+Extension="xml"/i.test(out)) out = out.replace(/(<Types\b[^>]*>)/, `$1<Default Extension="xml" ContentType="${CONTENT_TYPE.xml}"/>`);
  const added = overrides.map((o) => `<Override PartName="/${o.part}" ContentType="${o.type}"/>`).join('');
  return out.replace('</Types>', `${added}</Types>`);
}

/**
 * Excel recalculates a whole workbook on open when it was last calculated by an older calculation
 * engine (calcPr/@calcId); ExcelJS writes Excel 2016's 171027. A full recalculation without the
 * add-in would turn every cached value into #NAME?, so the calcId is that of current Excel (the
 * fixture's workbook.xml has the same 191029).
 */
const CURRENT_EXCEL_CALC_ID = '191029';

export interface PackageInputs {
  readonly partXmls: readonly string[];
  readonly partIds: readonly string[];
  readonly manifest: ManifestIdentity;
  readonly setting: EmbeddedSetting;
  /** Stored names (`_xldudf_…`) of the custom functions the workbook uses. */
  readonly functionIds: readonly string[];
  readonly zipDate: Date;
}

/** Adds the custom XML parts, the dynamic-array metadata and the add-in parts to ExcelJS's package and re-zips it deterministically. */
export async function finishPackage(xlsx: Buffer, inputs: PackageInputs): Promise<Buffer> {
  const source = await JSZip.loadAsync(xlsx);
  const read = async (name: string): Promise<string> => {
    const file = source.file(name);
    if (!file) throw new Error(`ExcelJS wrote no ${name}`);
    return file.async('string');
  };
  if (source.file(PARTS.metadata)) throw new Error(`ExcelJS now writes ${PARTS.metadata}: merge rather than replace it`);
  const parts = inputs.partXmls.map((xml, i) => ({ n: i + 1, xml, id: inputs.partIds[i]! }));

  const edited = new Map<string, string>();
  edited.set(
    '[Content_Types].xml',
    addContentTypes(await read('[Content_Types].xml'), [
      { part: PARTS.metadata, type: CONTENT_TYPE.sheetMetadata },
      ...parts.map(({ n }) => ({ part: PARTS.customXmlProps(n), type: CONTENT_TYPE.customXmlProps })),
      { part: PARTS.webextension, type: CONTENT_TYPE.webextension },
      { part: PARTS.taskpanes, type: CONTENT_TYPE.taskpanes },
    ]),
  );
  // The pane is related from the package root; the custom XML parts and the metadata from the workbook part.
  edited.set('_rels/.rels', addRelationship(await read('_rels/.rels'), REL.webextensionTaskpanes, PARTS.taskpanes));
  let workbookRels = addRelationship(await read('xl/_rels/workbook.xml.rels'), REL.sheetMetadata, 'metadata.xml');
  for (const { n } of parts) workbookRels = addRelationship(workbookRels, REL.customXml, `../${PARTS.customXmlItem(n)}`);
  edited.set('xl/_rels/workbook.xml.rels', workbookRels);
  const workbookXml = await read('xl/workbook.xml');
  if (!/<calcPr\b[^>]*\bcalcId="\d+"/.test(workbookXml)) throw new Error('xl/workbook.xml has no calcPr/@calcId to update');
  edited.set('xl/workbook.xml', workbookXml.replace(/(<calcPr\b[^>]*\bcalcId=")\d+"/, `$1${CURRENT_EXCEL_CALC_ID}"`));
  for (const name of Object.keys(source.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    edited.set(name, markDynamicArrays(await read(name)));
  }

  const added: [string, string][] = [
    [PARTS.metadata, DYNAMIC_ARRAY_METADATA],
    ...parts.flatMap(({ n, xml, id }): [string, string][] => [
      [PARTS.customXmlItem(n), xml],
      [PARTS.customXmlProps(n), customXmlProps(id)],
      [PARTS.customXmlItemRels(n), relationships([{ id: 'rId1', type: REL.customXmlProps, target: `itemProps${n}.xml` }])],
    ]),
    [
      PARTS.webextension,
      webextensionXml(
        hashGuid('webextension', inputs.manifest.id),
        inputs.manifest,
        {
          [AUTO_SHOW_TASKPANE]: true,
          [EMBEDDED_SETTING]: inputs.setting,
        },
        inputs.functionIds,
      ),
    ],
    [PARTS.taskpanes, taskpanesXml('rId1')],
    [PARTS.taskpanesRels, relationships([{ id: 'rId1', type: REL.webextension, target: 'webextension1.xml' }])],
  ];

  // A fresh zip: ExcelJS's entries carry the clock's time; every entry here has the same fixed date.
  const out = new JSZip();
  const options = { date: inputs.zipDate, createFolders: false } as const;
  for (const [name, file] of Object.entries(source.files)) {
    if (file.dir) continue;
    const text = edited.get(name);
    out.file(name, text ?? (await file.async('nodebuffer')), options);
  }
  for (const [name, text] of added) out.file(name, text, options);
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'DOS' });
}
