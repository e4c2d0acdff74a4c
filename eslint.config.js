// Lint rules that keep the design (issue 12 §5): type-aware promise and exhaustiveness checks, no
// import cycles, and the layering of DESIGN §5 — each layer imports only those below it.
const tseslint = require('typescript-eslint');
const importX = require('eslint-plugin-import-x');

/** What each layer may not import (paths relative to this file). */
const LAYERS = [
  {
    target: './src/core',
    from: ['./src/catalog', './src/data', './src/functions', './src/workbook', './src/taskpane', './src/server', './src/cli', './src/addin'],
    message: 'src/core is pure: it imports nothing above it',
  },
  {
    target: './src/catalog',
    from: ['./src/data', './src/functions', './src/workbook', './src/taskpane', './src/server', './src/cli', './src/addin'],
    message: 'the catalogue imports only the core',
  },
  {
    target: './src/data',
    from: ['./src/functions', './src/workbook', './src/taskpane', './src/server', './src/cli', './src/addin'],
    message: 'the data layer imports nothing from the function edge, the pane, the server or the CLI',
  },
  {
    target: './src/functions',
    from: ['./src/taskpane', './src/server', './src/cli', './src/workbook', './src/addin'],
    message: 'the function edge imports only the core, the catalogue and the data layer',
  },
  { target: './src/workbook', from: ['./src/taskpane', './src/server', './src/cli', './src/addin'], message: 'workbook code imports nothing from the pane, the server or the CLI' },
  {
    target: './src/server',
    from: ['./src/functions', './src/workbook', './src/taskpane', './src/cli', './src/addin'],
    message: 'the gateway imports only the core, the catalogue and the data layer',
  },
  { target: './src/cli', from: ['./src/workbook', './src/taskpane', './src/addin'], message: 'the CLI imports no Office code' },
  { target: './src/taskpane', from: ['./src/server', './src/cli'], message: 'the pane runs in the browser: no server or CLI code' },
  { target: './src/addin', from: ['./src/server', './src/cli'], message: "the add-in's start-up runs in the browser: no server or CLI code" },
];

/**
 * Tests and benchmarks share one harness (harness/: mock upstreams and gateway, the Office test host,
 * the browser and build support, temp folders, the Redis server): scripts/ import it, never test/;
 * the harness imports neither. (test/ may import scripts/: tests test those scripts.)
 */
const HARNESS = [
  { target: './scripts', from: ['./test'], message: 'scripts import the shared harness (harness/), never test/' },
  { target: './harness', from: ['./test', './scripts'], message: 'the harness is shared by tests and scripts: it imports from neither' },
];

module.exports = tseslint.config(
  { ignores: ['dist/', 'build/', '.cache/', 'coverage/', 'node_modules/', 'test-results/', '**/*.cjs', '**/*.mjs', 'eslint.config.js', 'webpack.config.js', 'jest.config.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.json'] })] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: [...LAYERS, ...HARNESS] }],
    },
  },
  {
    // Tests, scripts and their harness drive the code from outside: raw Excel values and fixtures are `any` there.
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'harness/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
