#!/usr/bin/env node
/**
 * Builds the web app (apps/web) into apps/web/dist with Vite, only when a source is newer than the
 * last build; otherwise it returns at once. Called by `npm start` (a failed web build there only
 * warns: the API still starts) and by `npm run web:build` (`--force`: always build, fail loudly).
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const web = path.join(root, 'apps/web');
const dist = path.join(web, 'dist');
const stamp = path.join(dist, '.build-stamp');
const force = process.argv.includes('--force');

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of fs.readdirSync(entry)) {
    if (child === 'dist' || child === 'node_modules' || child.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

function upToDate() {
  if (!fs.existsSync(stamp) || !fs.existsSync(path.join(dist, 'index.html'))) return false;
  const built = fs.statSync(stamp).mtimeMs;
  const inputs = [web, __filename, path.join(root, 'package-lock.json')];
  return Math.max(...inputs.map(newestMtime)) < built;
}

async function main() {
  if (!fs.existsSync(path.join(web, 'index.html'))) return;
  if (!force && upToDate()) return;
  // A production bundle even when called from a test run (jest sets NODE_ENV=test).
  process.env.NODE_ENV = 'production';
  let vite;
  try {
    vite = await import('vite');
  } catch {
    throw new Error(
      'Vite is not installed (it is a devDependency): run "npm ci" to build the web app.',
    );
  }
  const started = Date.now();
  await vite.build({
    configFile: path.join(web, 'vite.config.mts'),
    root: web,
    logLevel: 'warn',
    mode: 'production',
  });
  fs.writeFileSync(stamp, new Date().toISOString());
  process.stdout.write(`Built the web app into apps/web/dist in ${Date.now() - started} ms\n`);
}

main().catch((error) => {
  const message = error instanceof Error ? error.message : String(error);
  if (force) {
    process.stderr.write(`Web build failed: ${message}\n`);
    process.exit(1);
  }
  const fallback = fs.existsSync(path.join(dist, 'index.html'))
    ? 'serving the previous build'
    : 'the API starts without the web app';
  process.stderr.write(`Warning: the web build failed (${message}); ${fallback}.\n`);
});
