/**
 * The fault suite (`npm run test:faults`): carrier retries and outages, SMTP outages, crashed
 * and parallel processes, a database restart. Loopback only and bounded in time. Each jest
 * worker gets its own database exactly as in the main suite (test/support/global-setup.js).
 * It needs DATABASE_URL (a PostgreSQL server): the tests drive concurrency and several processes
 * the embedded database cannot serve, and say so when it is missing. The PostgreSQL restart
 * test starts a throwaway cluster of its own (initdb under the system temp folder).
 */
const base = require('./jest.config');

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: base.transform,
  moduleNameMapper: base.moduleNameMapper,
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
  // Recovery waits on the queue's real backoff and maintenance intervals (tens of seconds).
  testTimeout: 180000,
};
