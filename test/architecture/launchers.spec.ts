import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_FLAGS } = require('../../scripts/node-flags') as { NODE_FLAGS: string[] };

/**
 * The V8 flags of scripts/node-flags.js only work on a process's command line, so every launcher
 * of a long-running process spells them out: `npm start` and the bench import the list; the
 * image's CMD and the compose worker cannot, and are checked here.
 */
const root = join(__dirname, '../..');

/** The words of a launcher's command up to its script, e.g. `node --flag dist/…/main.js`. */
function flagsBefore(command: string[], script: string): string[] {
  const at = command.indexOf(script);
  if (command[0] !== 'node' || at < 0) throw new Error(`not a node command: ${command.join(' ')}`);
  return command.slice(1, at);
}

describe('launchers of the API and the worker', () => {
  it('has flags this Node accepts', () => {
    expect(NODE_FLAGS.length).toBeGreaterThan(0);
    const out = execFileSync(process.execPath, [...NODE_FLAGS, '-e', 'process.stdout.write("ok")']);
    expect(out.toString()).toBe('ok');
  });

  it('gives the image’s API the flags on its command line', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd).toBeDefined();
    const command = JSON.parse(cmd as string) as string[];
    expect(flagsBefore(command, 'dist/apps/api/src/main.js')).toEqual(
      expect.arrayContaining(NODE_FLAGS),
    );
  });

  it('gives the compose worker the flags on its command line', () => {
    const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    const line = /^ {4}command: (\[.*'dist\/apps\/worker\/src\/main\.js'\])$/m.exec(compose)?.[1];
    expect(line).toBeDefined();
    const command = JSON.parse((line as string).replace(/'/g, '"')) as string[];
    expect(flagsBefore(command, 'dist/apps/worker/src/main.js')).toEqual(
      expect.arrayContaining(NODE_FLAGS),
    );
  });
});
