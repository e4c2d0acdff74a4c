/* Builds the add-in into dist/: functions.js + functions.json, taskpane.js, taskpane.html (one page, one shared
 * runtime: it loads the functions bundle, then the pane bundle), help.html, manifest.xml, build-info.json and assets/.
 *
 *   webpack --mode production            what Office is served (pages load office.js from Microsoft's CDN)
 *   webpack --mode development           + source maps
 *   webpack --mode development --env local
 *                                        + dist/office-local/office.js, the offline copy for local test pages
 *
 * ADDIN_ORIGIN (default https://localhost:3000) is the one origin of the build (DESIGN §5a): every URL in the
 * manifest, every function's help link and the bundles' fallback origin use it, and build-info.json records it
 * for the server. Sources keep https://localhost:3000 (manifest.xml, @helpurl tags); the build rewrites them.
 */
const path = require('path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { DefinePlugin, WebpackError, sources, Compilation } = require('webpack');
const { renderHelpPage } = require('./scripts/help-page.cjs');
// One implementation of the origin rules and of file versions, shared with the server (src/server/).
const tsx = require('tsx/cjs/api');
const { AddinOriginError, BUILD_INFO_FILE, DEFAULT_ADDIN_ORIGIN, isLoopbackOrigin, parseAddinOrigin } = tsx.require('./src/server/origin.ts', __filename);
const { contentVersion } = tsx.require('./src/server/contentVersion.ts', __filename);
const { version } = require('./package.json');

/** The origin written in the sources, replaced by the build's. */
const SOURCE_ORIGIN = DEFAULT_ADDIN_ORIGIN;

/**
 * Puts the build's origin into what Office reads, and records it:
 * - functions.json: every function's helpUrl is `<origin>/help.html#<id>` (help.html has an anchor per id),
 *   whatever the JSDoc @helpurl says;
 * - help.html, rendered from that functions.json;
 * - manifest.xml: the source's https://localhost:3000 replaced, then checked: every URL but the XML
 *   namespaces must be on the origin;
 * - build-info.json: { origin, version, builtAt, mode } for `npm run serve`.
 */
class AddinOriginPlugin {
  constructor(options) {
    this.origin = options.origin;
    this.mode = options.mode;
  }

  apply(compiler) {
    compiler.hooks.thisCompilation.tap('AddinOriginPlugin', (compilation) => {
      // After CopyWebpackPlugin (ADDITIONAL) has emitted manifest.xml, before anything is optimised.
      compilation.hooks.processAssets.tap({ name: 'AddinOriginPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_PRE_PROCESS }, () => {
        const metadataAsset = compilation.getAsset('functions.json');
        if (metadataAsset) {
          const metadata = JSON.parse(metadataAsset.source.source().toString());
          for (const fn of metadata.functions) fn.helpUrl = `${this.origin}/help.html#${fn.id}`;
          compilation.updateAsset('functions.json', new sources.RawSource(`${JSON.stringify(metadata, null, 2)}\n`));
          compilation.emitAsset('help.html', new sources.RawSource(renderHelpPage(metadata)));
        } else {
          compilation.errors.push(new WebpackError('AddinOriginPlugin: functions.json was not generated, so help.html cannot be'));
        }

        const manifestAsset = compilation.getAsset('manifest.xml');
        if (manifestAsset) {
          const manifest = manifestAsset.source.source().toString().split(SOURCE_ORIGIN).join(this.origin);
          for (const url of manifest.match(/https?:\/\/[^\s"'<>]+/g) ?? []) {
            if (url.startsWith('http://schemas.microsoft.com/') || url.startsWith('http://www.w3.org/')) continue; // namespaces, not fetched
            if (url !== this.origin && !url.startsWith(`${this.origin}/`)) {
              compilation.errors.push(new WebpackError(`manifest.xml: ${url} is not on the add-in's origin ${this.origin}`));
            }
          }
          compilation.updateAsset('manifest.xml', new sources.RawSource(manifest));
        }

        const info = { origin: this.origin, version, builtAt: new Date().toISOString(), mode: this.mode };
        compilation.emitAsset(BUILD_INFO_FILE, new sources.RawSource(`${JSON.stringify(info, null, 2)}\n`));
      });

      // Last look at the finished files: a build for a public origin should not point anywhere local.
      compilation.hooks.processAssets.tap({ name: 'AddinOriginPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_REPORT }, (assets) => {
        if (isLoopbackOrigin(this.origin)) return;
        for (const name of Object.keys(assets)) {
          if (!/\.(html|js|json|xml|css)$/.test(name)) continue;
          const text = compilation.getAsset(name).source.source().toString();
          const local = /localhost|127\.0\.0\.1|\[::1\]/i.exec(text);
          if (local) compilation.warnings.push(new WebpackError(`${name} mentions "${local[0]}" in a build for ${this.origin}`));
        }
      });
    });
  }
}

/**
 * Appends `?v=<contentVersion>` to every local script, style and image URL in the pages, once the files are final
 * (minified, and the pages emitted by HtmlWebpackPlugin at OPTIMIZE_INLINE). The file names stay fixed — the
 * manifest points at functions.js and taskpane.html — and the server caches a URL for a year only when its `v`
 * is the version of the bytes it sends (src/server/staticFiles.ts), so a page always gets the scripts it was
 * built with, and an old script never meets new metadata.
 */
class VersionedUrlsPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('VersionedUrlsPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'VersionedUrlsPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_HASH }, (assets) => {
        for (const page of Object.keys(assets).filter((name) => name.endsWith('.html'))) {
          const html = compilation.getAsset(page).source.source().toString();
          const versioned = html.replace(/\b(src|href)=(["']?)([^"'\s>]+)\2/g, (whole, attribute, quote, url) => {
            if (/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(url) || url.includes('?')) return whole; // not a file of ours, or versioned already
            const name = path.posix.normalize(path.posix.join(path.posix.dirname(page), url.split('#', 1)[0])).replace(/^\//, '');
            const asset = compilation.getAsset(name);
            if (!asset) return whole;
            return `${attribute}=${quote}${url}?v=${contentVersion(asset.source.buffer())}${quote}`;
          });
          if (versioned !== html) compilation.updateAsset(page, new sources.RawSource(versioned));
        }
      });
    });
  }
}

/** ADDIN_ORIGIN, or the build stops with what is wrong (no stack trace: it is a setting, not a bug). */
function buildOrigin() {
  try {
    return parseAddinOrigin(process.env.ADDIN_ORIGIN);
  } catch (error) {
    if (!(error instanceof AddinOriginError)) throw error;
    const clean = new Error(error.message);
    clean.stack = `Error: ${error.message}`;
    throw clean;
  }
}

module.exports = (env = {}, argv = {}) => {
  const mode = argv.mode === 'development' ? 'development' : 'production';
  const dev = mode === 'development';
  const origin = buildOrigin();

  const copyPatterns = [
    { from: 'manifest.xml', to: 'manifest.xml' },
    { from: 'assets', to: 'assets' },
    { from: 'src/taskpane/taskpane.css', to: 'taskpane.css' },
    { from: require.resolve('uplot/dist/uPlot.min.css'), to: 'uPlot.min.css' },
  ];
  if (env.local) {
    copyPatterns.push({ from: require.resolve('@microsoft/office-js/dist/office.js'), to: 'office-local/office.js' });
  }

  return {
    mode,
    context: __dirname,
    target: ['web', 'es2020'],
    devtool: dev ? 'source-map' : false,
    entry: {
      functions: './src/addin/addinEntry.ts',
      taskpane: './src/taskpane/taskpane.ts',
    },
    output: {
      path: path.resolve(__dirname, 'dist'),
      // Fixed names: the manifest points at functions.js; the pages load them as name.js?v=<version>.
      filename: '[name].js',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.js'],
      // Allow `import './x.js'` for a TypeScript file x.ts.
      extensionAlias: { '.js': ['.ts', '.js'] },
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            // Type checking is `npm run typecheck`.
            options: { transpileOnly: true, configFile: path.resolve(__dirname, 'tsconfig.json') },
          },
        },
      ],
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({
        output: 'functions.json',
        input: './src/functions/excelFunctions.generated.ts',
      }),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['functions', 'taskpane'],
        chunksSortMode: 'manual', // the order above: functions first
        inject: 'head',
        scriptLoading: 'defer',
      }),
      new CopyWebpackPlugin({ patterns: copyPatterns }),
      new AddinOriginPlugin({ origin, mode }),
      new VersionedUrlsPlugin(),
      // The bundles take their origin from location.origin; this is only the fallback outside a browser.
      new DefinePlugin({ __ADDIN_ORIGIN__: JSON.stringify(origin) }),
    ],
    performance: {
      // The functions bundle carries the embedded data snapshot; size is tracked by the benchmark instead.
      hints: false,
    },
  };
};
