/**
 * Offline checks of manifest.xml: the things Office rejects a manifest for (or silently ignores),
 * checked without Office or the network. The source keeps the development origin; the build
 * replaces it with ADDIN_ORIGIN (test/deploy/origin.test.ts checks a build for another origin, and
 * test/deploy/manifestSchema.test.ts validates the built file against Microsoft's schemas).
 */
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const MANIFEST_PATH = path.join(ROOT, 'manifest.xml');
const ORIGIN = 'https://localhost:3000';

const NS_APP = 'http://schemas.microsoft.com/office/appforoffice/1.1';
const NS_OVERRIDES = 'http://schemas.microsoft.com/office/taskpaneappversionoverrides';
const NS_BT = 'http://schemas.microsoft.com/office/officeappbasictypes/1.0';
const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** The order of OfficeApp's children in the Office manifest schema (the ones this add-in may use). */
const OFFICE_APP_ORDER = [
  'Id',
  'Version',
  'ProviderName',
  'DefaultLocale',
  'DisplayName',
  'Description',
  'IconUrl',
  'HighResolutionIconUrl',
  'SupportUrl',
  'AppDomains',
  'Hosts',
  'Requirements',
  'DefaultSettings',
  'Permissions',
  'VersionOverrides',
];

const manifestText = readFileSync(MANIFEST_PATH, 'utf8');

/** Parses XML, collecting errors (xmldom throws on fatal ones, after reporting them). */
function parse(text: string) {
  const problems: string[] = [];
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') problems.push(`${level}: ${message}`);
    },
  });
  try {
    return { doc: parser.parseFromString(text, 'text/xml'), problems };
  } catch (error) {
    if (problems.length === 0) problems.push(String(error));
    return { doc: undefined, problems };
  }
}

const { doc, problems: parseProblems } = parse(manifestText);
if (!doc?.documentElement) throw new Error(`manifest.xml does not parse: ${parseProblems.join('; ')}`);
const root = doc.documentElement as unknown as XmlElement;

function elementChildren(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as XmlElement);
  return out;
}

function all(el: XmlElement | null = root): XmlElement[] {
  if (!el) return [];
  return [el, ...elementChildren(el).flatMap((c) => all(c))];
}

function byName(ns: string, localName: string): XmlElement[] {
  return all().filter((e) => e.namespaceURI === ns && e.localName === localName);
}

function child(el: XmlElement, localName: string): XmlElement | undefined {
  return elementChildren(el).find((c) => c.localName === localName);
}

function xsiType(el: XmlElement): string | null {
  return el.getAttributeNS(NS_XSI, 'type');
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const buf = readFileSync(file);
  expect(buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(buf.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('manifest.xml', () => {
  test('is well-formed XML', () => {
    expect(parseProblems).toEqual([]);
    expect(root.localName).toBe('OfficeApp');
    expect(root.namespaceURI).toBe(NS_APP);
    expect(xsiType(root)).toBe('TaskPaneApp');
    // The parser itself must catch breakage, or the check above proves nothing.
    expect(parse('<OfficeApp><Id></OfficeApp>').problems.length).toBeGreaterThan(0);
  });

  test("OfficeApp's children follow the schema order", () => {
    const names = elementChildren(root).map((e) => e.localName ?? '');
    for (const name of names) expect(OFFICE_APP_ORDER).toContain(name);
    const positions = names.map((n) => OFFICE_APP_ORDER.indexOf(n));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(names).size).toBe(names.length);
    for (const required of [
      'Id',
      'Version',
      'ProviderName',
      'DefaultLocale',
      'DisplayName',
      'Description',
      'IconUrl',
      'HighResolutionIconUrl',
      'SupportUrl',
      'Hosts',
      'Requirements',
      'DefaultSettings',
      'Permissions',
      'VersionOverrides',
    ]) {
      expect(names).toContain(required);
    }
  });

  test('identity: a GUID id, provider, version, one Workbook host', () => {
    expect(child(root, 'Id')?.textContent?.trim()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(child(root, 'ProviderName')?.textContent?.trim()).toBe('Liquidity Lens');
    expect(child(root, 'Version')?.textContent?.trim()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(child(root, 'DisplayName')?.getAttribute('DefaultValue')).toBe('Liquidity Lens');
    const hosts = elementChildren(child(root, 'Hosts')!).map((h) => h.getAttribute('Name'));
    expect(hosts).toEqual(['Workbook']);
  });

  test('has no Namespace element and no "Namespace" anywhere (function names carry their own prefix)', () => {
    expect(all().filter((e) => (e.localName ?? '').toLowerCase() === 'namespace')).toEqual([]);
    expect(manifestText.toLowerCase()).not.toContain('namespace');
  });

  test('requires SharedRuntime 1.1 and declares one long-lived runtime on the task pane page', () => {
    const sets = byName(NS_APP, 'Set').map((s) => [s.getAttribute('Name'), s.getAttribute('MinVersion')]);
    expect(sets).toContainEqual(['SharedRuntime', '1.1']);
    const runtimes = byName(NS_OVERRIDES, 'Runtime');
    expect(runtimes).toHaveLength(1);
    expect(runtimes[0]!.getAttribute('lifetime')).toBe('long');
    expect(runtimes[0]!.getAttribute('resid')).toBe('Taskpane.Url');
  });

  test('custom functions: script, page and metadata point at the built files', () => {
    const extension = byName(NS_OVERRIDES, 'ExtensionPoint').find((e) => xsiType(e) === 'CustomFunctions');
    expect(extension).toBeDefined();
    const resid = (name: string) => child(child(extension!, name)!, 'SourceLocation')?.getAttribute('resid');
    expect(resid('Script')).toBe('Functions.Script.Url');
    expect(resid('Page')).toBe('Taskpane.Url');
    expect(resid('Metadata')).toBe('Functions.Metadata.Url');
    const urls = new Map(byName(NS_BT, 'Url').map((u) => [u.getAttribute('id'), u.getAttribute('DefaultValue')]));
    expect(urls.get('Functions.Script.Url')).toBe(`${ORIGIN}/functions.js`);
    expect(urls.get('Functions.Metadata.Url')).toBe(`${ORIGIN}/functions.json`);
    expect(urls.get('Taskpane.Url')).toBe(`${ORIGIN}/taskpane.html`);
    expect(byName(NS_OVERRIDES, 'FunctionFile')[0]?.getAttribute('resid')).toBe('Taskpane.Url');
  });

  // No Office.AutoShowTaskpaneWithDocument under the lifetime="long" runtime: on desktop it has
  // given a blank pane or a second runtime (Office-Add-in-samples #776, office-js #4339). A shared
  // workbook opens the pane through Office.addin.setStartupBehavior/showAsTaskpane instead
  // (src/workbook/startupBehavior.ts).
  test('a Home-tab button opens the pane, with no TaskpaneId that could start a second runtime', () => {
    const tab = byName(NS_OVERRIDES, 'OfficeTab').find((t) => t.getAttribute('id') === 'TabHome');
    expect(tab).toBeDefined();
    const actions = all(tab!).filter((e) => e.localName === 'Action' && xsiType(e) === 'ShowTaskpane');
    expect(actions).toHaveLength(1);
    expect(child(actions[0]!, 'TaskpaneId')).toBeUndefined();
    expect(byName(NS_OVERRIDES, 'TaskpaneId')).toHaveLength(0);
    expect(child(actions[0]!, 'SourceLocation')?.getAttribute('resid')).toBe('Taskpane.Url');
  });

  test('every resid used is defined in Resources, and every resource is used', () => {
    const resources = byName(NS_OVERRIDES, 'Resources')[0]!;
    const defined = all(resources)
      .filter((e) => e.namespaceURI === NS_BT && e.hasAttribute('id'))
      .map((e) => e.getAttribute('id')!);
    expect(new Set(defined).size).toBe(defined.length); // no duplicates
    const referenced = new Set(
      all()
        .filter((e) => e.hasAttribute('resid'))
        .map((e) => e.getAttribute('resid')!),
    );
    expect([...referenced].filter((id) => !defined.includes(id))).toEqual([]);
    expect(defined.filter((id) => !referenced.has(id))).toEqual([]);
    // Resource ids are at most 32 characters.
    for (const id of defined) expect(id.length).toBeLessThanOrEqual(32);
  });

  test('short strings fit their limits', () => {
    for (const s of all(byName(NS_BT, 'ShortStrings')[0]!).filter((e) => e.localName === 'String')) {
      expect((s.getAttribute('DefaultValue') ?? '').length).toBeLessThanOrEqual(125);
    }
    expect((child(root, 'Description')?.getAttribute('DefaultValue') ?? '').length).toBeLessThanOrEqual(250);
  });

  test('every URL is https on the one origin', () => {
    const urls: string[] = [];
    for (const name of ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl']) urls.push(child(root, name)!.getAttribute('DefaultValue')!);
    urls.push(child(child(root, 'DefaultSettings')!, 'SourceLocation')!.getAttribute('DefaultValue')!);
    for (const e of [...byName(NS_BT, 'Url'), ...byName(NS_BT, 'Image')]) {
      if (e.hasAttribute('DefaultValue')) urls.push(e.getAttribute('DefaultValue')!);
    }
    for (const d of byName(NS_APP, 'AppDomain')) urls.push(d.textContent!.trim());
    // And anything else that looks like a URL, wherever it is.
    for (const m of manifestText.matchAll(/(?:DefaultValue="|>)(https?:\/\/[^"<]+)/g)) urls.push(m[1]!);
    expect(urls.length).toBeGreaterThan(8);
    for (const url of urls) {
      const parsed = new URL(url);
      expect(parsed.protocol).toBe('https:');
      expect(parsed.origin).toBe(ORIGIN);
    }
  });

  test('SupportUrl and the GetStarted LearnMoreUrl open the help page the build generates', () => {
    // Not taskpane.html#help: the pane has no such anchor, and outside Office it cannot run.
    expect(child(root, 'SupportUrl')?.getAttribute('DefaultValue')).toBe(`${ORIGIN}/help.html`);
    const learnMoreResid = byName(NS_OVERRIDES, 'LearnMoreUrl')[0]?.getAttribute('resid');
    const urls = new Map(byName(NS_BT, 'Url').map((u) => [u.getAttribute('id'), u.getAttribute('DefaultValue')]));
    expect(urls.get(learnMoreResid!)).toBe(`${ORIGIN}/help.html`);
  });

  test('icons exist in assets/ with the pixel sizes the manifest claims', () => {
    const checked: string[] = [];
    const expectIcon = (url: string, size: number) => {
      const { pathname } = new URL(url);
      expect(pathname).toMatch(/^\/assets\/[\w.-]+\.png$/);
      const file = path.join(ROOT, pathname);
      expect(existsSync(file)).toBe(true);
      expect(pngSize(file)).toEqual({ width: size, height: size });
      checked.push(pathname);
    };
    expectIcon(child(root, 'IconUrl')!.getAttribute('DefaultValue')!, 32);
    expectIcon(child(root, 'HighResolutionIconUrl')!.getAttribute('DefaultValue')!, 64);

    const images = new Map(
      byName(NS_BT, 'Image')
        .filter((e) => e.hasAttribute('id'))
        .map((e) => [e.getAttribute('id')!, e.getAttribute('DefaultValue')!]),
    );
    const uses = byName(NS_BT, 'Image').filter((e) => e.hasAttribute('resid'));
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) {
      const size = Number(use.getAttribute('size'));
      expect([16, 32, 80]).toContain(size);
      expectIcon(images.get(use.getAttribute('resid')!)!, size);
    }
    for (const size of [16, 32, 64, 80]) expect(checked).toContain(`/assets/icon-${size}.png`);
  });
});
