import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './app-processes';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the test's own: initdb'd in a temporary folder, on a free loopback
 * port, its socket in that folder too, so stopping and starting it touches nothing else on the
 * machine (the shared server on 5432 and every other test keep running). Under root it runs as
 * the `postgres` user, since PostgreSQL refuses to run as root.
 */
export class ThrowawayPostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
    private readonly runAs: string | null,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  static async create(): Promise<ThrowawayPostgres> {
    const bin = postgresBin();
    const runAs = process.getuid?.() === 0 ? 'postgres' : null;
    const dir = mkdtempSync(join(tmpdir(), 'aps-fault-pg-'));
    if (runAs) {
      const uid = Number(execFileSync('id', ['-u', runAs], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', runAs], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    const pg = new ThrowawayPostgres(bin, dir, await freePort(), runAs);
    await pg.exec('initdb', [
      '-D',
      pg.data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
      '--no-instructions',
    ]);
    await pg.start();
    return pg;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=100`;
    await this.exec('pg_ctl', [
      '-D',
      this.data,
      '-l',
      join(this.dir, 'log'),
      '-w',
      '-t',
      '60',
      '-o',
      options,
      'start',
    ]);
  }

  /** `immediate` is a crash (recovery on the next start); `fast` a clean shutdown. */
  async stop(mode: 'immediate' | 'fast'): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    const path = join(this.bin, tool);
    const [command, argv] = this.runAs
      ? ['runuser', ['-u', this.runAs, '--', path, ...args]]
      : [path, args];
    try {
      await run(command, argv, { cwd: this.dir, timeout: 90_000 });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(
        `${tool} failed: ${(error as Error).message}\n${stdout ?? ''}${stderr ?? ''}`,
      );
    }
  }
}

/** The server's binaries: pg_config's answer, else the newest Debian-style install. */
function postgresBin(): string {
  try {
    const bin = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (existsSync(join(bin, 'initdb'))) return bin;
  } catch {
    // Not on PATH; look where Debian and Ubuntu put it.
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) {
    throw new Error(
      'The PostgreSQL restart test needs the PostgreSQL server binaries (initdb, pg_ctl) to start ' +
        'a throwaway cluster; none were found via pg_config or under /usr/lib/postgresql.',
    );
  }
  return join(root, versions[0], 'bin');
}
