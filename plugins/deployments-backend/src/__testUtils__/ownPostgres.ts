import { execFileSync } from 'child_process';
import knexFactory, { Knex } from 'knex';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// By absolute path: /usr/sbin is not on every PATH (a CI job's often is not).
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser'].find(p => existsSync(p)) ?? 'runuser';

/**
 * A PostgreSQL server of the test's own (Debian's binaries), on its own port,
 * so a test can stop and start it without touching the shared server.
 */
export class OwnPostgres {
  readonly port: number;
  private readonly dir: string;
  private readonly bin: string;

  constructor(port: number) {
    this.port = port;
    const version = readdirSync('/usr/lib/postgresql').sort().pop()!;
    this.bin = `/usr/lib/postgresql/${version}/bin`;
    this.dir = mkdtempSync(join(tmpdir(), 'deployments-pg-'));
  }

  /** Runs a PostgreSQL binary as the postgres user when we are root (initdb refuses root). */
  private run(binary: string, args: string[]) {
    const asRoot = process.getuid?.() === 0;
    const [command, argv] = asRoot
      ? [RUNUSER, ['-u', 'postgres', '--', join(this.bin, binary), ...args]]
      : [join(this.bin, binary), args];
    execFileSync(command, argv, { stdio: 'pipe' });
  }

  init(): void {
    if (process.getuid?.() === 0) {
      const pw = execFileSync('id', ['-u', 'postgres']).toString().trim();
      const gr = execFileSync('id', ['-g', 'postgres']).toString().trim();
      chownSync(this.dir, Number(pw), Number(gr));
    }
    this.run('initdb', ['-D', join(this.dir, 'data'), '-A', 'trust', '-U', 'postgres']);
  }

  start(): void {
    this.run('pg_ctl', [
      '-D', join(this.dir, 'data'),
      '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`,
      '-l', join(this.dir, 'server.log'),
      '-w', 'start',
    ]);
  }

  stop(): void {
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  remove(): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  connection(database = 'postgres') {
    return { host: '127.0.0.1', port: this.port, user: 'postgres', password: '', database };
  }
}

/**
 * An OwnPostgres running for the tests of the enclosing describe, with a Knex
 * pool on it that gives up on a connection within 5 s (as a backend's would
 * during an outage) and does not log the refused connections; removed after.
 */
export function useOwnPostgres(port: number): { server: OwnPostgres; knex: Knex } {
  const state = { server: new OwnPostgres(port) } as { server: OwnPostgres; knex: Knex };
  beforeAll(() => {
    state.server.init();
    state.server.start();
    state.knex = knexFactory({
      client: 'pg',
      connection: state.server.connection(),
      pool: { min: 0, max: 10 },
      acquireConnectionTimeout: 5_000,
      log: { warn() {}, error() {}, debug() {}, deprecate() {} },
    });
  });
  afterAll(async () => {
    await state.knex?.destroy();
    state.server.remove();
  });
  return state;
}
