// The installation proof: outside this repository's workspaces, generate a
// fresh Backstage app with create-app (the same Backstage version) and, next
// to its frontend, the frontend that `create-app --legacy` generates; install
// our packed tarballs into them exactly as docs/install.md says — every
// snippet of the page, "Optional pieces" included, taken from the page by its
// `<!-- proof: name -->` marker — type-check and build both, start the
// backend, post the documented curl, check the permission policy over HTTP,
// the notification of a failed production deployment and the actions over
// MCP, and load the page, its sidebar item, the entity tab, the insights
// page, the overview card and the team tab of both frontends in headless
// Chromium. The optional pieces ride on the same builds and the same backend
// start: no extra app, no extra start.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, execSync, spawn } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './servers.mjs';

const WORK = process.env.INSTALL_PROOF_DIR ?? join(tmpdir(), 'deployments-install-proof');
const APP = join(WORK, 'app');
/** The legacy frontend lives next to the new one, in the same generated monorepo. */
const LEGACY = 'packages/app-legacy';
const PACKS = join(WORK, 'packs');
const KEY = 'install-proof-key';
const BASE = 'http://localhost:7007';
/** The legacy frontend's build, served as a static site where create-app's config expects the frontend. */
const LEGACY_BASE = 'http://localhost:3000';
const INSTALL_DOC = readFileSync(join(ROOT, 'docs', 'install.md'), 'utf8');

/**
 * The code blocks of docs/install.md marked `<!-- proof: name -->`. Every
 * block of the page must carry a marker, and every marker is used by a test
 * below (the last test checks), so no snippet goes untested.
 */
function markedBlocks() {
  const blocks = new Map();
  const unmarked = [];
  for (const m of INSTALL_DOC.matchAll(/(?:<!-- proof: ([\w-]+) -->\n)?```(\w*)\n([\s\S]*?)```/g)) {
    if (m[1]) {
      assert.ok(!blocks.has(m[1]), `marker ${m[1]} used twice`);
      blocks.set(m[1], { lang: m[2], code: m[3] });
    } else {
      unmarked.push(m[3].split('\n')[0]);
    }
  }
  assert.deepEqual(unmarked, [], 'every snippet of the page carries a proof marker');
  return blocks;
}
const BLOCKS = markedBlocks();
const used = new Set();
function block(name) {
  const found = BLOCKS.get(name);
  assert.ok(found, `docs/install.md has no block marked proof: ${name}`);
  used.add(name);
  return found.code;
}

function run(command, cwd, env = {}) {
  const started = Date.now();
  console.log(`# $ ${command.split('\n')[0]}${command.includes('\n') ? ' …' : ''}  (in ${cwd})`);
  execSync(command, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env }, shell: '/bin/bash' });
  console.log(`# took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const read = path => readFileSync(join(APP, path), 'utf8');
const write = (path, text) => {
  mkdirSync(dirname(join(APP, path)), { recursive: true });
  writeFileSync(join(APP, path), text);
};

/**
 * Applies a TSX snippet of the form "// <file>: <where>", import lines, then
 * JSX: the imports go to the top of the file, the JSX where `place` puts it.
 */
function applySnippet(code, { fileFor = f => f, place }) {
  const [header, ...rest] = code.trimEnd().split('\n');
  const file = fileFor(/^\/\/ (\S+?):/.exec(header)[1]);
  const imports = rest.filter(l => l.startsWith('import '));
  const jsx = rest.filter(l => !l.startsWith('import ') && l.trim() !== '').join('\n');
  const source = read(file);
  const placed = place(source, jsx);
  assert.notEqual(placed, source, `the anchor for ${file} was found`);
  write(file, `${imports.join('\n')}\n${placed}`);
}

/**
 * The snippet's code lines (comments and blank lines left out) are each a
 * line of `file` already: the pieces create-app puts into its apps, which the
 * page tells other apps to add.
 */
function assertLinesIn(file, code) {
  const lines = new Set(read(file).split('\n').map(l => l.trim()));
  const wanted = code
    .split('\n')
    .map(l => l.replace(/\s*\/\/ .*$/, '').trim())
    .filter(Boolean);
  assert.ok(wanted.length > 0);
  for (const line of wanted) assert.ok(lines.has(line), `${file} has the line ${line}`);
}

/** Inserts `text` before the first occurrence of `anchor` after `from`. */
function insertBefore(source, anchor, text, from = 0) {
  const at = source.indexOf(anchor, from);
  if (from < 0 || at < 0) return source;
  const lineStart = source.lastIndexOf('\n', at) + 1;
  const indent = /^\s*/.exec(source.slice(lineStart))[0];
  const indented = text.split('\n').map(l => `${indent}  ${l}`).join('\n');
  return `${source.slice(0, lineStart)}${indented}\n${source.slice(lineStart)}`;
}

let backend;
let legacyServer;

before(() => {
  rmSync(PACKS, { recursive: true, force: true });
  mkdirSync(PACKS, { recursive: true });
});

after(async () => {
  await new Promise(r => (legacyServer ? legacyServer.close(r) : r()));
  if (backend && backend.exitCode === null) {
    process.kill(-backend.pid, 'SIGTERM');
    await new Promise(r => setTimeout(r, 2000));
    try {
      process.kill(-backend.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

test('the compatibility table names the ranges the packages declare', () => {
  const section = INSTALL_DOC.slice(INSTALL_DOC.indexOf('\n## Compatibility'), INSTALL_DOC.indexOf('\n## 1.'));
  const rows = [...section.matchAll(/^\| `(@backstage\/[\w-]+)` \| `([^`]+)` \|$/gm)];
  assert.ok(rows.length >= 5, 'the table lists the main @backstage ranges');
  const declared = ['deployments', 'deployments-backend', 'deployments-common', 'deployments-node'].map(
    dir => JSON.parse(readFileSync(join(ROOT, 'plugins', dir, 'package.json'), 'utf8')).dependencies,
  );
  for (const [, name, range] of rows) {
    const ranges = new Set(declared.map(deps => deps[name]).filter(Boolean));
    assert.deepEqual([...ranges], [range], `${name}: the packages declare ${[...ranges]}`);
  }
  const engines = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node;
  assert.equal(engines, '22 || 24');
  assert.match(section, /\| Node\.js \| 22 or 24/);
});

test('packs the packages into tarballs as docs/install.md says', () => {
  run(block('pack').replaceAll('/tmp/packs', PACKS), ROOT);
  for (const name of ['plugin-deployments', 'plugin-deployments-backend', 'plugin-deployments-common', 'plugin-deployments-node']) {
    const tarball = join(PACKS, `@deploydash-${name}.tgz`);
    assert.ok(existsSync(tarball), name);
    // What the page says about yarn pack: no workspace: range is left for an installer to trip on.
    const manifest = execFileSync('tar', ['xzOf', tarball, 'package/package.json']).toString();
    assert.doesNotMatch(manifest, /"workspace:/, name);
  }
});

test('the registry path is the tarball lines without @file:, and the packages are not published yet', () => {
  const registry = block('add-registry').trim().split('\n');
  const tarballs = block('add-tarballs').trim().split('\n').map(l => l.replace(/@file:\S+$/, ''));
  assert.deepEqual(registry, tarballs);
  // "Not on the registry yet": once this fails, the page must say how to install from the registry.
  let answer;
  try {
    answer = execFileSync('npm', ['view', '@deploydash/plugin-deployments-backend', 'version'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
  } catch (error) {
    answer = String(error.stderr);
  }
  assert.match(answer, /E404/, `npm view answered: ${answer}`);
});

/**
 * create-app normally seeds the new app's yarn.lock with the one of its
 * Backstage release, but fetches it from GitHub, which is unreachable here;
 * without it every `^` range floats to the newest release in the registry
 * (the template's .yarnrc.yml exempts @backstage/* from the age gate), and
 * packages of later releases do not work with this release's (seen:
 * plugin-signals-backend 0.3.21 needs an httpRouter method that
 * backend-defaults 0.18.0 lacks; core-plugin-api 1.13.0 brings
 * frontend-plugin-api 1.0.0, and the new frontend's sidebar failed with "App
 * context is not available"). So the seed is emulated: every @backstage
 * package this repository's yarn.lock holds in one version (a Backstage 1.55
 * lockfile, what our packages are tested with) is pinned to it, and the
 * apps' other @backstage dependencies to the versions the templates name —
 * the release's. Pins are resolutions, so our packages get the same copies.
 */
function releasePins(files) {
  const locked = new Map();
  const ourLock = readFileSync(join(ROOT, 'yarn.lock'), 'utf8');
  for (const [, name, version] of ourLock.matchAll(/^"(@backstage\/[^@"]+)@[^\n]*\n {2}version: ([^\n]+)$/gm)) {
    locked.set(name, new Set([...(locked.get(name) ?? []), version]));
  }
  const pins = {};
  for (const [name, versions] of locked) {
    if (versions.size === 1) pins[name] = [...versions][0];
  }
  for (const file of files) {
    const pkg = JSON.parse(read(file));
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      const version = /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
      if (name.startsWith('@backstage/') && version && !locked.has(name)) pins[name] ??= version;
    }
  }
  return pins;
}

/**
 * The generated apps with their own dependencies installed are cached in
 * WORK and committed to the app's own git repository (create-app makes one),
 * so a later run resets it to that commit instead of installing ~2,000
 * packages again. It never shares node_modules with this repository.
 */
test('generates a fresh app, and its legacy frontend, with create-app 0.9.2 (cached between runs)', () => {
  // This machine's registry lacks some platform binaries of the newest
  // releases (see docs/development.md): the same pins the repository uses.
  const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).resolutions;
  const pins = {
    '@swc/core': ours['@swc/core'],
    'unrs-resolver': ours['unrs-resolver'],
    rollup: ours.rollup,
    '@yarnpkg/core': ours['@yarnpkg/core'],
  };
  const cacheKey = JSON.stringify({ createApp: '0.9.2', pins, releasePins: 3, legacy: 1 });
  const marker = join(APP, '.proof-base');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === cacheKey) {
    console.log('# reusing the cached apps; resetting them to their freshly installed state');
    run("git checkout -q -- . && git clean -q -fdx -e node_modules -e .yarn -e '/.proof-base'", APP);
  } else {
    rmSync(APP, { recursive: true, force: true });
    rmSync(join(WORK, 'legacy-app'), { recursive: true, force: true });
    mkdirSync(WORK, { recursive: true });
    run(`echo proof-app | npx -y @backstage/create-app@0.9.2 --skip-install --path '${APP}'`, WORK);
    // The legacy template's frontend package, as a second frontend of the same
    // monorepo: its backend is the same as the new template's (checked below).
    run(`echo proof-app | npx -y @backstage/create-app@0.9.2 --legacy --skip-install --path '${join(WORK, 'legacy-app')}'`, WORK);
    assert.equal(
      readFileSync(join(WORK, 'legacy-app/packages/backend/src/index.ts'), 'utf8'),
      read('packages/backend/src/index.ts'),
      'both templates generate the same backend',
    );
    cpSync(join(WORK, 'legacy-app/packages/app'), join(APP, LEGACY), { recursive: true });
    rmSync(join(WORK, 'legacy-app'), { recursive: true, force: true });
    const legacyPkg = JSON.parse(read(`${LEGACY}/package.json`));
    legacyPkg.name = 'app-legacy';
    write(`${LEGACY}/package.json`, `${JSON.stringify(legacyPkg, null, 2)}\n`);
    const pkg = JSON.parse(read('package.json'));
    pkg.resolutions = {
      ...pkg.resolutions,
      ...pins,
      ...releasePins(['package.json', 'packages/app/package.json', `${LEGACY}/package.json`, 'packages/backend/package.json']),
    };
    write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    // No lockfile to keep: CI=true would make yarn refuse to write one.
    run('yarn install', APP, { YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' });
    run('git add -A && git -c user.name=proof -c user.email=proof@localhost commit -qm "fresh apps, installed"', APP);
    writeFileSync(marker, cacheKey);
  }
  assert.equal(JSON.parse(read('backstage.json')).version, '1.55.0');
  assert.match(read(`${LEGACY}/src/App.tsx`), /from '@backstage\/app-defaults'/);
});

test('installs the tarballs and applies every step of docs/install.md to both frontends', () => {
  // 1. The resolutions first, then the adds; the legacy frontend gets the app line too.
  const pkg = JSON.parse(read('package.json'));
  const resolution = JSON.parse(`{${block('resolutions').replaceAll('/tmp/packs', PACKS)}}`).resolutions;
  pkg.resolutions = { ...pkg.resolutions, ...resolution };
  write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  const adds = block('add-tarballs').replaceAll('/tmp/packs', PACKS);
  run(adds, APP);
  const appLine = adds.split('\n').find(l => l.includes('--cwd packages/app '));
  run(appLine.replace('--cwd packages/app ', `--cwd ${LEGACY} `), APP);

  // The optional pieces' packages: create-app's apps (both frontends) declare
  // them already, in the versions the page names — release 1.55's, which our
  // yarn.lock holds and the app pins. (Running the lines would only turn the
  // `^` ranges exact, and have yarn rebuild every native package: ~100 s.)
  const optionalAdds = [block('notifications-add'), block('actions-add')].flatMap(b => b.trim().split('\n'));
  let checked = 0;
  for (const line of optionalAdds) {
    const [, cwd, packages] = /^yarn --cwd (\S+) add (.+)$/.exec(line) ?? assert.fail(`not a yarn add line: ${line}`);
    for (const workspace of cwd === 'packages/app' ? [cwd, LEGACY] : [cwd]) {
      const declared = JSON.parse(read(`${workspace}/package.json`)).dependencies;
      for (const spec of packages.split(' ')) {
        const [, name, version] = /^(@backstage\/[\w-]+)@(\d\S*)$/.exec(spec) ?? assert.fail(`not an exact version: ${spec}`);
        assert.equal(declared[name], `^${version}`, `${workspace} declares ${name}`);
        assert.equal(pkg.resolutions[name], version, `${name}: the version our yarn.lock holds`);
        checked++;
      }
    }
  }
  assert.equal(checked, 7);

  // 2. Backend.
  const index = read('packages/backend/src/index.ts');
  write('packages/backend/src/index.ts', index.replace('backend.start();', `${block('backend')}\nbackend.start();`));

  // 3. New frontend system without discovery: the line replaces create-app's features line.
  const [nfsHeader, nfsImport, , nfsFeatures] = block('nfs-app').trimEnd().split('\n');
  assert.match(nfsHeader, /^\/\/ packages\/app\/src\/App\.tsx:/);
  const app = read('packages/app/src/App.tsx');
  const generated = nfsFeatures.trim().replace(/, \w+\],$/, '],');
  assert.ok(app.includes(generated), `create-app's App.tsx has ${generated}`);
  write('packages/app/src/App.tsx', `${nfsImport}\n${app.replace(generated, nfsFeatures.trim())}`);

  // Notifications (optional): create-app's backend has the plugins already;
  // the new frontend gets them as features too (besides discovery), its
  // sidebar has the bell; the legacy frontend has the page, signals and bell.
  assertLinesIn('packages/backend/src/index.ts', block('notifications-backend'));
  const notifications = block('notifications-nfs');
  assert.match(notifications, /^\/\/ packages\/app\/src\/App\.tsx /);
  const [, added] = /features: \[\.\.\., ([\w, ]+)\]/.exec(notifications);
  const [, item, itemPackage] = /sidebar: (<\w+ \/>) from '([^']+)'/.exec(notifications);
  const withFeatures = read('packages/app/src/App.tsx').replace(/features: \[([^\]]*)\]/, `features: [$1, ${added}]`);
  const notificationImports = notifications.split('\n').filter(l => l.startsWith('import '));
  write('packages/app/src/App.tsx', `${notificationImports.join('\n')}\n${withFeatures}`);
  assertLinesIn('packages/app/src/modules/nav/Sidebar.tsx', `${item}\nimport { ${/\w+/.exec(item)[0]} } from '${itemPackage}';`);

  // 4. Legacy frontend system, in packages/app-legacy.
  const fileFor = file => file.replace(/^packages\/app\//, `${LEGACY}/`);
  applySnippet(block('legacy-route'), { fileFor, place: (src, jsx) => insertBefore(src, '</FlatRoutes>', jsx) });
  applySnippet(block('legacy-sidebar'), {
    fileFor,
    place: (src, jsx) => insertBefore(src, '<SidebarDivider />', jsx, src.indexOf('text="Home" />')),
  });
  applySnippet(block('legacy-entity-tab'), {
    fileFor,
    place: (src, jsx) =>
      ['serviceEntityPage', 'websiteEntityPage', 'defaultEntityPage'].reduce(
        (out, layout) => insertBefore(out, '</EntityLayout>', jsx, out.indexOf(`const ${layout} = (`)),
        src,
      ),
  });
  assert.equal((read(`${LEGACY}/src/components/catalog/EntityPage.tsx`).match(/<EntityDeploymentsContent \/>/g) ?? []).length, 3);
  for (const name of ['notifications-legacy-app', 'notifications-legacy-sidebar']) {
    const code = block(name);
    assertLinesIn(fileFor(/^\/\/ (\S+?):/.exec(code)[1]), code);
  }
  // The overview card in overviewContent's grid, the team tab in groupPage's layout.
  const overview = block('overview-legacy');
  const [imports, card, team] = overview.split(/^\/\/ in .*\n/m);
  const entityPage = `${LEGACY}/src/components/catalog/EntityPage.tsx`;
  let withViews = insertBefore(read(entityPage), '</Grid>\n);', card.trim(), read(entityPage).indexOf('const overviewContent = ('));
  withViews = insertBefore(withViews, '</EntityLayout>', team.trim(), withViews.indexOf('const groupPage = ('));
  assert.equal((withViews.match(/<EntityDeploymentsCard \/>|<EntityTeamDeploymentsContent \/>/g) ?? []).length, 2);
  write(entityPage, `${imports.trim()}\n${withViews}`);

  // 5. Configuration: served by the backend's app-backend on :7007, on an in-memory database.
  write('app-config.local.yaml', `app:\n  baseUrl: ${BASE}\n${block('config').replace(/^#.*\n/, '')}`);
  // The new frontend runs with our package excluded from discovery, so the
  // page comes from the nfs-app line; the build itself keeps discovery on.
  write('app-config.runtime.yaml', "app:\n  packages:\n    exclude: ['@deploydash/plugin-deployments']\n");

  // 7. The permission policy replaces the allow-all module.
  const policy = block('policy');
  write(/^\/\/ (\S+)/.exec(policy)[1], policy);
  const [policyHeader, policyAdd] = block('policy-add').trimEnd().split('\n');
  assert.match(policyHeader, /instead of the allow-all-policy module/);
  const allowAll = /backend\.add\(\s*import\('@backstage\/plugin-permission-backend-module-allow-all-policy'\),?\s*\);/;
  const withBackend = read('packages/backend/src/index.ts');
  assert.match(withBackend, allowAll);
  write('packages/backend/src/index.ts', withBackend.replace(allowAll, policyAdd));

  // Actions for assistants (optional): create-app's backend has the MCP
  // actions backend; deployments joins the action sources create-app lists.
  assertLinesIn('packages/backend/src/index.ts', block('actions-backend'));
  const sources = /pluginSources: \[([^\]]*)\]/.exec(block('actions-config'))[1].split(', ');
  const appConfig = read('app-config.yaml');
  const listed = /\n {2}actions:\n {4}pluginSources:\n((?: {6}- \S+\n)+)/.exec(appConfig);
  assert.deepEqual(sources, [...[...listed[1].matchAll(/- (\S+)/g)].map(m => m[1]), 'deployments'], "create-app's sources and ours");
  write('app-config.yaml', appConfig.replace(listed[0], `\n  actions:\n    pluginSources: [${sources.join(', ')}]\n`));
});

test('type-checks both apps and builds both frontends', () => {
  run('yarn tsc', APP);
  run('yarn workspace app build --config ../../app-config.yaml --config ../../app-config.local.yaml', APP);
  // The legacy frontend as create-app configures it: on :3000, the backend on :7007.
  run('yarn workspace app-legacy build --config ../../app-config.yaml', APP);
});

test('the permission policy decides as the page says, for a member of the group and for others', () => {
  // The policy class itself, with the user info a member and a non-member would have.
  const group = /const VOIDERS = '([^']+)'/.exec(block('policy'))[1];
  write(
    'packages/backend/proof-policy-check.cjs',
    `const { DeploymentsPermissionPolicy } = require('./src/permissionPolicy.ts');
const as = refs => ({ getUserInfo: async () => ({ userEntityRef: refs[0], ownershipEntityRefs: refs }) });
const user = { credentials: {}, info: {} };
const ask = (refs, name, signedIn = true) => new DeploymentsPermissionPolicy(as(refs)).handle({ permission: { type: 'basic', name, attributes: {} } }, signedIn ? user : undefined).then(d => d.result);
(async () => {
  const answers = {
    readSignedIn: await ask(['user:default/ann'], 'deployments.event.read'),
    readNoUser: await ask([], 'deployments.event.read', false),
    voidMember: await ask(['user:default/ann', ${JSON.stringify(group)}], 'deployments.event.void'),
    voidOther: await ask(['user:default/bob', 'group:default/other'], 'deployments.event.void'),
    catalogRead: await ask(['user:default/bob'], 'catalog.entity.read'),
  };
  console.log(JSON.stringify(answers));
})();
`,
  );
  const answers = JSON.parse(
    execFileSync('node', ['--require', '@backstage/cli/config/nodeTransform.cjs', 'proof-policy-check.cjs'], {
      cwd: join(APP, 'packages/backend'),
    }).toString(),
  );
  assert.deepEqual(answers, {
    readSignedIn: 'ALLOW',
    readNoUser: 'DENY',
    voidMember: 'ALLOW',
    voidOther: 'DENY',
    catalogRead: 'ALLOW',
  });
});

let guestToken;

test('starts the backend, takes the documented curl and serves the event in the matrix', async () => {
  const log = createWriteStream(join(WORK, 'backend.log'));
  backend = spawn(
    'yarn',
    ['workspace', 'backend', 'start', '--config', '../../app-config.yaml', '--config', '../../app-config.local.yaml', '--config', '../../app-config.runtime.yaml'],
    {
      cwd: APP,
      env: { ...process.env, DEPLOYMENTS_API_KEY: KEY },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  backend.stdout.pipe(log);
  backend.stderr.pipe(log);
  const deadline = Date.now() + 180_000;
  for (;;) {
    assert.ok(Date.now() < deadline, `backend did not start; see ${WORK}/backend.log`);
    assert.equal(backend.exitCode, null, `backend exited; see ${WORK}/backend.log`);
    if (await fetch(`${BASE}/api/deployments/health`).then(r => r.ok, () => false)) break;
    await new Promise(r => setTimeout(r, 1000));
  }

  run(block('check'), APP, { DEPLOYMENTS_API_KEY: KEY });

  guestToken = (
    await (
      await fetch(`${BASE}/api/auth/guest/refresh?env=development`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      })
    ).json()
  ).backstageIdentity.token;
  // The catalog may still be reading its locations: wait for the link.
  let row;
  for (let i = 0; i < 120; i++) {
    const matrix = await (
      await fetch(`${BASE}/api/deployments/matrix`, { headers: { Authorization: `Bearer ${guestToken}` } })
    ).json();
    row = matrix.services.find(s => s.service === 'example-website');
    if (row?.entity_ref) break;
    assert.equal(backend.exitCode, null, `backend exited; see ${WORK}/backend.log`);
    await new Promise(r => setTimeout(r, 1000));
  }
  assert.equal(row.slots.prod.current.version, '1.0.0');
  assert.ok(Date.now() - Date.parse(row.slots.prod.current.happened_at) < 5 * 60_000, 'stamped with the time of the post');
  assert.equal(row.entity_ref, 'component:default/example-website');
});

test('the installed policy lets the guest read and not void (not in the group)', async () => {
  const res = await fetch(`${BASE}/api/permission/authorize`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${guestToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      items: [
        { id: 'read', permission: { type: 'basic', name: 'deployments.event.read', attributes: { action: 'read' } } },
        { id: 'void', permission: { type: 'basic', name: 'deployments.event.void', attributes: { action: 'update' } } },
      ],
    }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const { items } = await res.json();
  assert.deepEqual(
    Object.fromEntries(items.map(i => [i.id, i.result])),
    { read: 'ALLOW', void: 'DENY' },
    'allow-all would have allowed void: the policy of the page is the one installed',
  );
});

test('notifications: the plugin finds the notifications backend and tells the owners of a failed production deployment', async () => {
  const logged = () => readFileSync(join(WORK, 'backend.log'), 'utf8');
  // The line the page says the plugin logs at start.
  const [, on] = /`(Deployment notifications on for [^`]+)`/.exec(INSTALL_DOC);
  assert.ok(logged().includes(on), `the backend logged: ${on}; see ${WORK}/backend.log`);
  // example-website belongs to group:default/guests in create-app's catalog.
  const now = new Date().toISOString();
  const res = await fetch(`${BASE}/api/deployments`, {
    method: 'POST',
    headers: { 'X-Api-Key': KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify({ deployment_id: `failed-${now}`, service: 'example-website', environment: 'prod', status: 'failure', happened_at: now, version: '1.0.1' }),
  });
  assert.ok(res.ok, await res.text());
  // Logged once the notifications backend took the notification.
  const deadline = Date.now() + 60_000;
  while (!/Notified group:default\/guests: /.test(logged())) {
    assert.ok(Date.now() < deadline, `no notification sent; see ${WORK}/backend.log`);
    await new Promise(r => setTimeout(r, 500));
  }
});

test("actions for assistants: the MCP actions backend lists ours next to create-app's, and calls one", async () => {
  const mcp = async (id, method, params) => {
    const res = await fetch(`${BASE}/api/mcp-actions/v1`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${guestToken}`,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    // Streamable HTTP: one server-sent message (or plain JSON).
    return JSON.parse(/^data: (.*)$/m.exec(text)?.[1] ?? text).result;
  };
  const names = (await mcp(1, 'tools/list', {})).tools.map(t => t.name);
  for (const name of ['deployments.get-deployment-status', 'deployments.find-version', 'deployments.get-dora-metrics']) {
    assert.ok(names.includes(name), `${name} in ${names}`);
  }
  assert.ok(names.some(n => n.startsWith('catalog.')), `create-app's sources are kept: ${names}`);
  const status = await mcp(2, 'tools/call', { name: 'deployments.get-deployment-status', arguments: { service: 'example-website', environment: 'prod' } });
  assert.ok(!status.isError, JSON.stringify(status));
  // What runs is the last success, the documented curl's version.
  assert.equal(status.structuredContent.running_version, '1.0.0');
});

/** Serves the legacy frontend's build, every unknown path answered with index.html (a single-page app). */
async function serveLegacyFrontend() {
  const dist = join(APP, LEGACY, 'dist');
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.map': 'application/json', '.txt': 'text/plain' };
  legacyServer = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, LEGACY_BASE).pathname);
    let file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file) || !extname(file)) file = join(dist, 'index.html');
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((resolve, reject) => {
    legacyServer.once('error', reject);
    legacyServer.listen(3000, resolve);
  });
}

/**
 * Opens `url`, signing in as guest when the sign-in page shows (the first
 * visit of a browser context), and waits for `ready`.
 */
async function open(page, url, ready) {
  await page.goto(url);
  const enter = page.getByRole('button', { name: 'Enter' });
  const first = await Promise.race([
    enter.waitFor({ timeout: 60_000 }).then(() => 'sign-in'),
    ready.waitFor({ timeout: 60_000 }).then(() => 'ready'),
  ]);
  if (first === 'sign-in') await enter.click();
  await ready.waitFor({ timeout: 90_000 });
}

/**
 * The page, its sidebar item and the entity tab; and no tab on a System.
 * The optional pieces: the notifications bell, the insights page, the
 * overview card and the team tab of a Group.
 */
async function checkFrontend(page, base, name) {
  await open(page, `${base}/deployments`, page.locator('[data-testid="deployments-matrix-row"][data-service="example-website"]'));
  await page.screenshot({ path: join(WORK, `${name}-page.png`) });
  // The sidebar item: a visible link to the page, named Deployments.
  await page.locator('a[href="/deployments"]').filter({ visible: true, hasText: 'Deployments' }).first().waitFor({ timeout: 30_000 });
  // The notifications bell.
  await page.locator('a[href="/notifications"]').filter({ visible: true }).first().waitFor({ timeout: 30_000 });

  // The insights page, through the page header's link: the guests' team, which owns example-website.
  await page.getByRole('link', { name: 'Insights', exact: true }).first().click();
  await page.locator('[data-testid="group-insights-team"] [data-testid="group-row"][data-ref="group:default/guests"]').waitFor({ timeout: 60_000 });
  assert.equal(new URL(page.url()).pathname, '/deployments/insights');
  await page.screenshot({ path: join(WORK, `${name}-insights.png`) });

  const entity = '/catalog/default/component/example-website';
  await open(page, `${base}${entity}/deployments`, page.locator('[data-testid="entity-deployments"][data-service="example-website"]'));
  await page.screenshot({ path: join(WORK, `${name}-entity-tab.png`) });
  // The tab itself (a link to it in the entity page's tab bar), found the way the System check below looks for it.
  await page.locator(`a[href="${entity}/deployments"]`).filter({ visible: true }).first().waitFor({ timeout: 30_000 });
  // The overview card, on the Overview tab.
  await page.locator(`a[href="${entity}"]`).filter({ visible: true }).first().click();
  await page.locator('[data-testid="deployments-overview-card"][data-service="example-website"] [data-testid="overview-environment"]').first().waitFor({ timeout: 60_000 });
  await page.screenshot({ path: join(WORK, `${name}-overview-card.png`) });

  // The team tab of the group that owns example-website.
  const team = page.locator('[data-testid="team-deployments"][data-team="group:default/guests"] [data-testid="deployments-matrix-row"][data-service="example-website"]');
  await open(page, `${base}/catalog/default/group/guests/deployments`, team);
  await page.screenshot({ path: join(WORK, `${name}-team-tab.png`) });

  // A System is neither a Component nor annotated: its page has no Deployments tab.
  const system = '/catalog/default/system/examples';
  await open(page, `${base}${system}`, page.locator(`a[href="${system}"]`).filter({ visible: true }).first());
  assert.equal(await page.locator(`a[href="${system}/deployments"]`).count(), 0, `${name}: no tab on a System`);
}

test('loads both frontends in headless Chromium: page, sidebar item, entity tab', async () => {
  await serveLegacyFrontend();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // The new frontend system, served by the backend with our package excluded from discovery.
    const page = await browser.newPage();
    await checkFrontend(page, BASE, 'installed-app');
    const { injected, discovered } = await page.evaluate(() => ({
      injected: [...document.querySelectorAll('script[type="backstage.io/config"]')].map(s => s.textContent).join(''),
      discovered: (window['__@backstage/discovered__']?.modules ?? [])
        .filter(m => m.name === '@deploydash/plugin-deployments')
        .map(m => ({ export: m.export, type: m.default?.$$type, id: m.default?.id ?? m.default?.pluginId })),
    }));
    // The exclusion reached the app: what showed came from the nfs-app line of the page.
    assert.match(injected, /"exclude":\s*\[\s*"@deploydash\/plugin-deployments"\s*\]/);
    // Discovery found the plugin, so with app.packages: all it needs no line at all.
    assert.deepEqual(
      discovered.filter(m => m.export === './alpha'),
      [{ export: './alpha', type: '@backstage/FrontendPlugin', id: 'deployments' }],
    );

    // The configuration that turns the card and the team tab off, given to
    // the same app as window config (its last, strongest config source).
    const { parse } = createRequire(join(APP, 'package.json'))('yaml');
    const off = parse(block('overview-extensions'));
    assert.deepEqual(off.app.extensions.map(e => Object.entries(e)[0]), [
      ['entity-card:deployments/overview', false],
      ['entity-content:deployments/team', false],
    ]);
    await page.addInitScript(config => {
      window.__APP_CONFIG__ = config;
    }, off);
    const entity = '/catalog/default/component/example-website';
    await open(page, `${BASE}${entity}`, page.locator(`a[href="${entity}/deployments"]`).filter({ visible: true }).first());
    // Cards load lazily: the About card is there, and ours does not follow.
    await page.getByText('About', { exact: true }).first().waitFor({ timeout: 30_000 });
    for (let i = 0; i < 4; i++) {
      assert.equal(await page.getByTestId('deployments-overview-card').count(), 0, 'the card is off');
      await new Promise(r => setTimeout(r, 500));
    }
    const group = '/catalog/default/group/guests';
    await open(page, `${BASE}${group}`, page.locator(`a[href="${group}"]`).filter({ visible: true }).first());
    assert.equal(await page.locator(`a[href="${group}/deployments"]`).count(), 0, 'the team tab is off');

    // The legacy frontend system, in a separate browser context (its own sign-in).
    const legacy = await browser.newContext();
    await checkFrontend(await legacy.newPage(), LEGACY_BASE, 'installed-legacy-app');
  } finally {
    await browser.close();
  }
});

test('every marked snippet of docs/install.md was run', () => {
  assert.deepEqual([...BLOCKS.keys()].filter(name => !used.has(name)), []);
});
