/** Unit specs only: no database, no app; fast feedback while editing. */
const base = require('./jest.config');
module.exports = {
  ...base,
  testMatch: [
    '<rootDir>/libs/**/*.spec.ts',
    '<rootDir>/apps/api/**/*.spec.ts',
    '<rootDir>/test/support/**/*.spec.ts',
  ],
  globalSetup: undefined,
  globalTeardown: undefined,
};
delete module.exports.swc;
