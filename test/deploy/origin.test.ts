/**
 * A production build for a public origin (ADDIN_ORIGIN=https://lens.example.org), as a deployer makes
 * it: every URL in every text file of dist/ is either on that origin or one of the public pages and
 * Microsoft addresses the add-in names on purpose, nothing says localhost, and the manifest, the
 * functions' help links, the help page, the page's versioned script URLs and build-info.json agree.
 * The same build is validated against Microsoft's manifest schemas in manifestSchema.test.ts.
 */
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../../src/catalog/catalog';
import { KEY_PROVIDERS } from '../../src/data/browser/keyStore';
import { contentVersion } from '../../src/server/contentVersion';
import { BUILD_INFO_FILE, type BuildInfo } from '../../src/server/origin';
import { ROOT } from '../../harness/e2e/addinBuild';
import { PUBLIC_ORIGIN, buildForPublicOrigin } from './publicBuild';

/** Addresses other than ours that the add-in names on purpose. */
const EXTERNAL_HOSTS = new Set([
  'appsforoffice.microsoft.com', // office.js, which Office requires from its CDN
  'schemas.microsoft.com', // manifest XML namespaces (never fetched)
  'www.w3.org', // the XML Schema instance namespace
  // Each series' public page (the pane links to its source) and where a user gets an API key.
  ...CATALOG.flatMap((entry) => (entry.url ? [new URL(entry.url).hostname] : [])),
  ...KEY_PROVIDERS.map((provider) => new URL(provider.signupUrl).hostname),
]);

const TEXT_FILE = /\.(html|js|json|xml|css|map|txt)$/;
const URL_PATTERN = /\bhttps?:\/\/[^\s"'`<>()\\,;]+/gi;

let dist: string;
/** Path within dist/ → text, for every text file. */
const texts = new Map<string, string>();

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const relative = prefix ? `${prefix}/${name}` : name;
    return statSync(full).isDirectory() ? walk(full, relative) : [relative];
  });
}

beforeAll(async () => {
  dist = await buildForPublicOrigin();
  for (const file of walk(dist).filter((name) => TEXT_FILE.test(name))) texts.set(file, readFileSync(path.join(dist, file), 'utf8'));
}, 300_000);

describe(`a build for ADDIN_ORIGIN=${PUBLIC_ORIGIN}`, () => {
  test('has the files Office and the server need', () => {
    for (const file of ['manifest.xml', 'functions.js', 'functions.json', 'taskpane.html', 'taskpane.js', 'help.html', BUILD_INFO_FILE]) {
      expect(texts.has(file)).toBe(true);
    }
  });

  test('nothing in any text file says localhost or a loopback address', () => {
    const found = [...texts].flatMap(([file, text]) =>
      [...text.matchAll(/localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0/gi)].map((m) => `${file}: …${text.slice(Math.max(0, m.index - 40), m.index + 30)}…`),
    );
    expect(found).toEqual([]);
  });

  test('every URL in every text file is on the origin or a known public address', () => {
    const ours: string[] = [];
    const unexpected: string[] = [];
    for (const [file, text] of texts) {
      for (const [url] of text.matchAll(URL_PATTERN)) {
        const parsed = new URL(url);
        if (parsed.origin === PUBLIC_ORIGIN) ours.push(url);
        else if (!EXTERNAL_HOSTS.has(parsed.hostname)) unexpected.push(`${file}: ${url}`);
        // Anything fetched at run time is HTTPS; http:// appears only as an XML namespace name.
        if (parsed.protocol === 'http:') expect(['schemas.microsoft.com', 'www.w3.org']).toContain(parsed.hostname);
      }
    }
    expect(unexpected).toEqual([]);
    // The manifest alone names the origin a dozen times, functions.json once per function.
    expect(ours.length).toBeGreaterThan(20);
  });

  test('the manifest: every URL, icon, SupportUrl, LearnMoreUrl and AppDomain on the origin, each naming a built file', () => {
    const manifest = texts.get('manifest.xml')!;
    const doc = new DOMParser().parseFromString(manifest, 'text/xml');
    const all = (el: XmlElement): XmlElement[] => {
      const out: XmlElement[] = [el];
      for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(...all(n as XmlElement));
      return out;
    };
    const elements = all(doc.documentElement as unknown as XmlElement);
    const valueOf = (localName: string): string[] => elements.filter((e) => e.localName === localName).map((e) => e.getAttribute('DefaultValue') ?? '');

    expect(elements.filter((e) => e.localName === 'AppDomain').map((e) => e.textContent?.trim())).toEqual([PUBLIC_ORIGIN]);
    expect(valueOf('SupportUrl')).toEqual([`${PUBLIC_ORIGIN}/help.html`]);
    const urls = new Map(elements.filter((e) => e.localName === 'Url').map((e) => [e.getAttribute('id'), e.getAttribute('DefaultValue')]));
    expect(urls.get('GetStarted.LearnMoreUrl')).toBe(`${PUBLIC_ORIGIN}/help.html`);
    expect(urls.get('Functions.Script.Url')).toBe(`${PUBLIC_ORIGIN}/functions.js`);
    expect(urls.get('Functions.Metadata.Url')).toBe(`${PUBLIC_ORIGIN}/functions.json`);
    expect(urls.get('Taskpane.Url')).toBe(`${PUBLIC_ORIGIN}/taskpane.html`);

    const fetched = [
      ...valueOf('IconUrl'),
      ...valueOf('HighResolutionIconUrl'),
      ...valueOf('SupportUrl'),
      ...valueOf('SourceLocation').filter(Boolean),
      ...elements.filter((e) => (e.localName === 'Url' || e.localName === 'Image') && e.hasAttribute('id')).map((e) => e.getAttribute('DefaultValue')!),
    ];
    // That is every URL-valued DefaultValue in the file (none escapes the checks below).
    const everyUrlValue = elements.map((e) => e.getAttribute('DefaultValue') ?? '').filter((value) => /^https?:/i.test(value));
    expect(new Set(fetched)).toEqual(new Set(everyUrlValue));
    expect(fetched.length).toBeGreaterThan(8);
    for (const url of fetched) {
      const parsed = new URL(url);
      expect(parsed.origin).toBe(PUBLIC_ORIGIN);
      // Office fetches each of these: each must be a file the server has to give.
      expect(existsSync(path.join(dist, decodeURIComponent(parsed.pathname)))).toBe(true);
    }
  });

  test("functions.json: every help link is the origin's help page, at an anchor the page has", () => {
    const metadata = JSON.parse(texts.get('functions.json')!) as { functions: { id: string; helpUrl?: string }[] };
    const help = texts.get('help.html')!;
    expect(metadata.functions.length).toBeGreaterThan(5);
    for (const fn of metadata.functions) {
      expect(fn.helpUrl).toBe(`${PUBLIC_ORIGIN}/help.html#${fn.id}`);
      expect(help).toMatch(new RegExp(`id="?${fn.id.replace(/\./g, '\\.')}"?[ >]`));
    }
  });

  test('build-info.json records the origin for the server', () => {
    const info = JSON.parse(texts.get(BUILD_INFO_FILE)!) as BuildInfo;
    expect(info.origin).toBe(PUBLIC_ORIGIN);
    expect(info.mode).toBe('production');
    expect(info.version).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    expect(Number.isNaN(Date.parse(info.builtAt))).toBe(false);
  });

  test("the pane loads its own scripts and styles as name?v=<the file's content version>", () => {
    const html = texts.get('taskpane.html')!;
    const local = [...html.matchAll(/\b(?:src|href)=["']?([^"'\s>]+)/g)].map((m) => m[1]!).filter((url) => !/^[a-z]+:/i.test(url));
    expect(local).toEqual(
      expect.arrayContaining([expect.stringMatching(/^functions\.js\?v=/), expect.stringMatching(/^taskpane\.js\?v=/), expect.stringMatching(/^taskpane\.css\?v=/)]),
    );
    // functions.js before taskpane.js: one runtime, the functions' store first.
    expect(html.indexOf('functions.js?v=')).toBeLessThan(html.indexOf('taskpane.js?v='));
    for (const url of local) {
      const [file, query] = url.split('?') as [string, string | undefined];
      expect(query).toMatch(/^v=[0-9a-f]{16}$/);
      // The server gives a year's cache only when v is the version of what it sends: it must be, here.
      expect(query).toBe(`v=${contentVersion(readFileSync(path.join(dist, file)))}`);
    }
  });
});

describe('ADDIN_ORIGIN that cannot be used stops the build with the reason', () => {
  /** Loads webpack.config.js (no compilation) with the given ADDIN_ORIGIN. */
  function loadConfig(origin: string): Promise<{ code: number; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['-e', `require(${JSON.stringify(path.join(ROOT, 'webpack.config.js'))})({}, { mode: 'production' })`],
        { cwd: ROOT, env: { ...process.env, ADDIN_ORIGIN: origin } },
        (error, _stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
  }

  test.each([
    ['http://lens.example.org', /only over HTTPS/],
    ['https://lens.example.org/liquidity', /has a path/],
    ['lens.example.org', /not a URL/],
  ])(
    '%s',
    async (origin, why) => {
      const { code, stderr } = await loadConfig(origin);
      expect(code).not.toBe(0);
      expect(stderr).toMatch(/ADDIN_ORIGIN must be an origin such as https:\/\/lens\.example\.org/);
      expect(stderr).toMatch(why);
    },
    60_000,
  );

  test('a valid one loads', async () => {
    expect(await loadConfig(PUBLIC_ORIGIN)).toEqual({ code: 0, stderr: '' });
  }, 60_000);
});
