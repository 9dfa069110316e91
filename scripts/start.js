#!/usr/bin/env node
/** `npm start`: builds what changed, then runs the API with its workers in one process. */
const { execFileSync, spawn } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');
const { NODE_FLAGS } = require('./node-flags');

const root = path.resolve(__dirname, '..');
execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit' });
const web = path.join(__dirname, 'build-web.js');
if (fs.existsSync(web)) execFileSync(process.execPath, [web], { stdio: 'inherit' });

const child = spawn(
  process.execPath,
  [...NODE_FLAGS, '--enable-source-maps', path.join(root, 'dist/apps/api/src/main.js')],
  {
    stdio: 'inherit',
    env: process.env,
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
