// Entry point of the end-to-end tests (`npm run test:e2e`, `make test-e2e`).
//
// It is the global setup and teardown around Node's test runner: start the already built
// binary (../bin/formloom, or FORMLOOM_E2E_BINARY) with a fresh data directory, run every
// e2e/*.test.mjs file one after the other against it, stop the server whatever happened,
// and end with the line "N passed, N failed". On failure the temporary directory with the
// server log and the screenshots is kept and its path printed.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { fileURLToPath } from 'node:url';
import { CHROMIUM } from './browser.mjs';
import { startServer, tail } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const binary = path.resolve(process.env.FORMLOOM_E2E_BINARY ?? path.join(here, '..', '..', 'bin', 'formloom'));
const adminEmail = 'admin@e2e.formloom.test';
const adminPassword = 'e2e-admin-password';

function fail(message) {
  console.error(message);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (!existsSync(binary)) fail(`e2e: no server binary at ${binary}; run \`make test-e2e\` (it builds the UI and the binary).`);
if (!existsSync(CHROMIUM)) fail(`e2e: no Chromium at ${CHROMIUM}; install it with \`apt-get install chromium\`.`);

const dir = await mkdtemp(path.join(tmpdir(), 'formloom-e2e-'));
let server;
try {
  server = await startServer({ binary, dir, adminEmail, adminPassword });
} catch (err) {
  fail(`e2e: ${err instanceof Error ? err.message : err}\n(kept ${dir})`);
}

/** removeDir deletes the run's directory; retries ride out test processes still exiting. */
function removeDir() {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch (err) {
    console.error(`e2e: could not remove ${dir}:`, err instanceof Error ? err.message : err);
  }
}

// The server goes down with the runner, also on Ctrl-C or when make is interrupted. The
// tests then fail at once against the stopped server, their processes end (closing their
// browsers), and the run below removes its directory before exiting.
let interrupted = false;
process.once('exit', () => server.killNow());
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    interrupted = true;
    server.killNow();
    setTimeout(() => process.exit(130), 30_000).unref(); // should the tests not end
  });
}

// The test files run in their own processes and read these. Their temporary files (the
// browser's fresh profile among them) go inside the run's directory, removed with it.
const testTmp = path.join(dir, 'tmp');
mkdirSync(testTmp);
Object.assign(process.env, {
  TMPDIR: testTmp,
  FORMLOOM_E2E_URL: server.url,
  FORMLOOM_E2E_ADMIN_EMAIL: adminEmail,
  FORMLOOM_E2E_ADMIN_PASSWORD: adminPassword,
  FORMLOOM_E2E_ARTIFACTS: path.join(dir, 'screenshots'),
});
console.log(`e2e: formloom (pid ${server.pid}) on ${server.url}, data in ${dir}`);

// E2E_ONLY=name[,name] runs just those files (a part of the name is enough), for work on one feature.
const only = (process.env.E2E_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const files = (await readdir(here))
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
  .map((f) => path.join(here, f));
let passed = 0;
let failed = 0;
const started = Date.now();
try {
  const stream = run({ files, concurrency: 1 });
  // Count tests, not the suites or files around them (Node 20 marks suites with type "suite").
  stream.on('test:pass', (e) => {
    if (e.details?.type !== 'suite' && !e.skip && !e.todo) passed++;
  });
  stream.on('test:fail', (e) => {
    if (e.details?.type !== 'suite') failed++;
  });
  for await (const chunk of stream.compose(new spec())) process.stdout.write(chunk);
} catch (err) {
  console.error('e2e: the test runner failed:', err);
  failed++;
} finally {
  await server.stop();
}
if (interrupted) {
  removeDir();
  console.log('e2e: interrupted');
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(130);
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (files.length === 0) failed++;
if (failed > 0) {
  console.log(`\ne2e: server log (last lines of ${server.logPath}):\n${tail(server.logPath, 30)}`);
  console.log(`e2e: kept ${dir} (server log, screenshots)`);
} else {
  removeDir();
}
console.log(`e2e: ${files.length} files in ${seconds} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
