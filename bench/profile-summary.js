/**
 * Reads the V8 CPU profiles a `--cpu-prof` process wrote and answers where its time went: self
 * time by package (node_modules/<name>, our libs, Node internals) and the hottest functions,
 * idle time left out. `node bench/profile-summary.js <dir>` prints it for any profile folder.
 */
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

function origin(url, root) {
  if (!url) return '(native / gc)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'node internals';
  const local = url.replace(/^file:\/\//, '').replace(`${root}/`, '');
  const lib = /^dist\/(libs\/[^/]+|apps\/[^/]+)/.exec(local);
  return lib ? lib[1] : local;
}

function summarizeProfiles(dir, root = path.resolve(__dirname, '..')) {
  if (!existsSync(dir)) return { text: '  (no profile was written)', packages: [], functions: [] };
  const byPackage = new Map();
  const byFunction = new Map();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const node = nodes.get(id);
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === '(idle)' || functionName === '(program)') return;
      const us = profile.timeDeltas[i] ?? 0;
      total += us;
      const pkg = origin(url, root);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
      const key = `${functionName || '(anonymous)'}  ${pkg}${url ? `:${lineNumber + 1}` : ''}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    });
  }
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        share: +((100 * us) / total).toFixed(1),
      }));
  const packages = top(byPackage, 15);
  const functions = top(byFunction, 20);
  const text = [
    `  busy CPU time: ${Math.round(total / 1000)} ms`,
    '  by package (self time):',
    ...packages.map((p) => `    ${String(p.share).padStart(5)}%  ${p.name}`),
    '  hottest functions (self time):',
    ...functions.map((f) => `    ${String(f.share).padStart(5)}%  ${f.name}`),
  ].join('\n');
  return { totalMs: Math.round(total / 1000), packages, functions, text };
}

module.exports = { summarizeProfiles };

if (require.main === module) {
  process.stdout.write(`${summarizeProfiles(path.resolve(process.argv[2] ?? '.')).text}\n`);
}
