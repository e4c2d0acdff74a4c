/**
 * Two projects: `unit` (fast, no browser, no production build) and `e2e` (the built bundle: in a VM,
 * deployed for another origin, and in headless Chromium through the Office test host). `npm test`
 * runs both; `npm run test:unit` / `npm run test:e2e` one.
 */
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10', isolatedModules: true }, diagnostics: { ignoreCodes: [151002] } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

/** Suites that need the production build of the add-in. */
const BUILT = ['<rootDir>/test/e2e/', '<rootDir>/test/contract/', '<rootDir>/test/deploy/'];

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test'], testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', ...BUILT] },
    { ...shared, displayName: 'e2e', roots: ['<rootDir>/test'], testMatch: BUILT.map((dir) => `${dir}**/*.test.ts`) },
  ],
};
