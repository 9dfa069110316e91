#!/usr/bin/env node
/**
 * Compiles the server (apps/api, apps/worker, libs, migrations) with swc into dist/, rewriting
 * the @app/<lib> aliases to relative paths. Type checking is `npm run typecheck`'s job.
 * Skips the work when dist/ is newer than every source file.
 */
const { transformFileSync } = require('@swc/core');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist');
const sources = ['apps/api/src', 'apps/worker/src', 'libs', 'migrations'];
const stamp = path.join(out, '.build-stamp');

function walk(dir, files = []) {
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, files);
    else if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.spec.ts') &&
      !entry.name.endsWith('.d.ts')
    )
      files.push(full);
  }
  return files;
}

const files = sources.flatMap((s) => walk(path.join(root, s)));
const force = process.argv.includes('--force');
if (!force && fs.existsSync(stamp)) {
  const built = fs.statSync(stamp).mtimeMs;
  const newest = Math.max(
    ...files.map((f) => fs.statSync(f).mtimeMs),
    fs.statSync(__filename).mtimeMs,
  );
  if (newest < built) process.exit(0);
}

const libs = fs.readdirSync(path.join(root, 'libs'));
const paths = Object.fromEntries(libs.map((lib) => [`@app/${lib}`, [`libs/${lib}/src`]]));
const started = Date.now();
fs.rmSync(out, { recursive: true, force: true });
for (const file of files) {
  const rel = path.relative(root, file);
  const target = path.join(out, rel.replace(/\.ts$/, '.js'));
  const { code, map } = transformFileSync(file, {
    swcrc: false,
    sourceMaps: true,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths,
    },
    module: { type: 'commonjs' },
  });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map`);
  fs.writeFileSync(`${target}.map`, map);
}
fs.writeFileSync(stamp, new Date().toISOString());
process.stdout.write(`Built ${files.length} files into dist/ in ${Date.now() - started} ms\n`);
