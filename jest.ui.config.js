/**
 * Browser tests (`npm run test:ui`): Playwright (playwright-core) drives Debian's Chromium against
 * the real server, started once for the run on the embedded defaults in a fresh data folder.
 */
const base = require('./jest.config');

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: base.transform,
  moduleNameMapper: base.moduleNameMapper,
  testMatch: ['<rootDir>/test/ui/**/*.ui-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/test/ui/support/global-setup.js',
  globalTeardown: '<rootDir>/test/ui/support/global-teardown.js',
  // One server and one demo firm for the run: files take turns.
  maxWorkers: 1,
  testTimeout: 90000,
};
