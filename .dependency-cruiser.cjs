/**
 * The module boundaries of ARCHITECTURE.md, checked by test/architecture/boundaries.spec.ts.
 * Paths are relative to the folder depcruise runs in (the repository root, or a fixture tree).
 */
module.exports = {
  forbidden: [
    {
      name: 'context-internals',
      comment: 'A library reaches another library only through its src/index.ts (its public face).',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/([^/]+)/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'app-reaches-internals',
      comment: 'Applications use libraries through @app/<lib> (their index.ts) only.',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '^libs/[^/]+/', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'kernel-stands-alone',
      comment: 'The kernel is shared vocabulary; it depends on no other library.',
      severity: 'error',
      from: { path: '^libs/kernel/' },
      to: { path: '^libs/(?!kernel/)' },
    },
    {
      name: 'platform-below-contexts',
      comment: 'The platform serves the contexts and must not know them.',
      severity: 'error',
      from: { path: '^libs/platform/' },
      to: { path: '^libs/(?!platform/|kernel/)' },
    },
    {
      name: 'carrier-sdks-only-in-adapters',
      comment: 'Domain and application code talk to carriers and mail through ports.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/(domain|application|contracts)/' },
      to: { path: 'node_modules/(twilio|nodemailer)/' },
    },
    {
      name: 'no-app-imports-from-libs',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(\\.spec\\.ts$|/dist/)' },
  },
};
