/* Builds the add-in into dist/: functions.js + functions.json, taskpane.js, taskpane.html (one page, one shared
 * runtime: it loads the functions bundle, then the pane bundle), manifest.xml and assets/.
 *
 *   webpack --mode production            what Office is served (pages load office.js from Microsoft's CDN)
 *   webpack --mode development           + source maps
 *   webpack --mode development --env local
 *                                        + dist/office-local/office.js, the offline copy for local test pages
 */
const path = require('path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { sources, Compilation } = require('webpack');
const { renderHelpPage } = require('./scripts/help-page.cjs');

/** Emits help.html (the functions' @helpurl target) from the generated functions.json. */
class HelpPagePlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('HelpPagePlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'HelpPagePlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const metadata = compilation.getAsset('functions.json');
        if (!metadata) return;
        const html = renderHelpPage(JSON.parse(metadata.source.source().toString()));
        compilation.emitAsset('help.html', new sources.RawSource(html));
      });
    });
  }
}

module.exports = (env = {}, argv = {}) => {
  const mode = argv.mode === 'development' ? 'development' : 'production';
  const dev = mode === 'development';

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
      functions: './src/functions/addinEntry.ts',
      taskpane: './src/taskpane/taskpane.ts',
    },
    output: {
      path: path.resolve(__dirname, 'dist'),
      // Fixed names: the manifest points at functions.js.
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
        input: './src/functions/functions.ts',
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
      new HelpPagePlugin(),
    ],
    performance: {
      // The functions bundle carries the embedded data snapshot; size is tracked by the benchmark instead.
      hints: false,
    },
  };
};
