import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The module boundaries of ARCHITECTURE.md (rules in .dependency-cruiser.cjs): a library is
 * reached only through its index.ts, the kernel and platform know no context, and domain or
 * application code never imports a carrier or mail SDK.
 */
const root = join(__dirname, '../..');
const depcruise = join(root, 'node_modules/.bin/depcruise');
const config = join(root, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}
interface CruiseResult {
  summary: { violations: Violation[]; totalCruised: number };
  modules: Array<{
    source: string;
    dependencies: Array<{ module: string; resolved: string; couldNotResolve: boolean }>;
  }>;
}

function cruise(cwd: string, targets: string[]): CruiseResult {
  let output: string;
  try {
    output = execFileSync(depcruise, ['--config', config, '--output-type', 'json', ...targets], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    // depcruise exits non-zero when it finds violations; its JSON is still on stdout.
    output = (error as { stdout: string }).stdout;
  }
  return JSON.parse(output) as CruiseResult;
}

describe('module boundaries', () => {
  it('the tree respects every rule', () => {
    const result = cruise(root, ['apps/api/src', 'apps/worker/src', 'libs']);
    expect(result.summary.totalCruised).toBeGreaterThan(50);
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('resolves every @app/<lib> import to that library’s index.ts', () => {
    const result = cruise(root, ['apps/api/src', 'libs']);
    const aliased = result.modules.flatMap((m) =>
      m.dependencies
        .filter((d) => d.module.startsWith('@app/'))
        .map((d) => ({ ...d, source: m.source })),
    );
    expect(aliased.length).toBeGreaterThan(20);
    for (const dep of aliased) {
      expect(dep.couldNotResolve).toBe(false);
      expect(dep.resolved).toMatch(/^libs\/[^/]+\/src\/index\.ts$/);
    }
  });

  it('fails on a file that imports another library’s insides (fixture)', () => {
    const fixture = join(__dirname, 'fixtures/forbidden');
    const result = cruise(fixture, ['libs']);
    expect(result.summary.violations).toEqual([
      expect.objectContaining({
        from: 'libs/beta/src/index.ts',
        to: 'libs/alpha/src/internal/secret.ts',
        rule: expect.objectContaining({ name: 'context-internals' }),
      }),
    ]);
  });
});
