// Starts the real Formloom binary for the end-to-end tests: a free loopback port, a fresh
// data directory (embedded SQLite) and a known first admin. Building is the Makefile's job.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/** freePort asks the kernel for an unused loopback port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** tail returns the last lines of a file, for error messages ("" when unreadable). */
export function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * startServer runs the binary and resolves once /healthz answers 200.
 * @param {{ binary: string, dir: string, adminEmail: string, adminPassword: string }} opts
 */
export async function startServer({ binary, dir, adminEmail, adminPassword }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logPath = path.join(dir, 'server.log');

  // Nothing from the caller's FORMLOOM_* settings (a MongoDB URI, a public URL, secure
  // cookies) may leak into the run: it must be the embedded engine over plain HTTP.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FORMLOOM_')));
  Object.assign(env, {
    FORMLOOM_ADDR: `127.0.0.1:${port}`,
    FORMLOOM_DATA_DIR: path.join(dir, 'data'),
    FORMLOOM_ADMIN_EMAIL: adminEmail,
    FORMLOOM_ADMIN_PASSWORD: adminPassword,
    FORMLOOM_SHUTDOWN_TIMEOUT: '2s',
  });

  const logFd = openSync(logPath, 'a');
  const child = spawn(binary, [], { env, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);

  let exited = false;
  /** @type {Promise<void>} */
  const exit = new Promise((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', () => {
      exited = true;
      resolve();
    });
  });

  /** stop ends the server: SIGTERM, then SIGKILL if it has not exited within the grace. */
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    let timer;
    const killed = new Promise((resolve) => {
      timer = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
        resolve(undefined);
      }, STOP_GRACE_MS);
    });
    await Promise.race([exit, killed]);
    clearTimeout(timer);
    await exit;
  };
  /** killNow is for process exit, where nothing asynchronous runs any more. */
  const killNow = () => {
    if (!exited) child.kill('SIGKILL');
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      throw new Error(`formloom exited before answering /healthz (code ${child.exitCode}):\n${tail(logPath)}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`formloom did not answer /healthz within ${START_TIMEOUT_MS} ms:\n${tail(logPath)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid, logPath, stop, killNow };
}
