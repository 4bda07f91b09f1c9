// `yarn test:e2e`: runs the browser tests with node's test runner, one at a time.
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const result = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    ...(process.argv.length > 2
      ? process.argv.slice(2).map(f => join(here, f))
      : [join(here, 'deployments.test.mjs'), join(here, 'portal.test.mjs'), join(here, 'github-pull.test.mjs'), join(here, 'install-proof.test.mjs')]),
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
