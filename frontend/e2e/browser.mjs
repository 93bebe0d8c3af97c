// Shared pieces of the e2e test files: Debian's Chromium driven by playwright-core, one
// fresh browser context per simulated person, screenshots when a test fails, sign-in.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** How long one UI step (a click, a page, a server round trip) may take before it fails. */
const STEP_TIMEOUT_MS = 15_000;
const TEST_TIMEOUT_MS = 60_000;

/** config is what e2e/run.mjs hands to the test files. */
export function config() {
  const url = process.env.FORMLOOM_E2E_URL;
  if (!url) throw new Error('FORMLOOM_E2E_URL is not set: run the e2e tests with `npm run test:e2e`.');
  return {
    url,
    adminEmail: process.env.FORMLOOM_E2E_ADMIN_EMAIL ?? '',
    adminPassword: process.env.FORMLOOM_E2E_ADMIN_PASSWORD ?? '',
    artifacts: process.env.FORMLOOM_E2E_ARTIFACTS ?? '',
  };
}

/**
 * setupE2E launches Chromium for the calling test file (closed after its last test) and
 * returns `e2eTest`, which runs a test with a `newPage` that opens a page in a new, empty
 * browser context — a separate person with their own cookies and storage.
 */
export function setupE2E() {
  const cfg = config();
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;

  before(async () => {
    // launch() gives every run a fresh temporary user-data directory and removes it on close.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
  });

  /**
   * @param {string} name
   * @param {(h: { newPage: (opts?: import('playwright-core').BrowserContextOptions) => Promise<import('playwright-core').Page> }) => Promise<void>} fn
   * @param {{ timeout?: number }} [opts] a longer budget for a test that walks through a whole feature
   */
  function e2eTest(name, fn, opts = {}) {
    test(name, { timeout: opts.timeout ?? TEST_TIMEOUT_MS }, async (t) => {
      if (!browser) throw new Error('Chromium did not start');
      const b = browser;
      /** @type {import('playwright-core').BrowserContext[]} */
      const contexts = [];
      /** @type {string[]} */
      const pageErrors = [];
      const newPage = async (opts = {}) => {
        const ctx = await b.newContext({ baseURL: cfg.url, locale: 'en-US', viewport: { width: 1280, height: 800 }, ...opts });
        ctx.setDefaultTimeout(STEP_TIMEOUT_MS);
        contexts.push(ctx);
        const page = await ctx.newPage();
        page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
        return page;
      };
      try {
        await fn({ newPage });
      } catch (err) {
        await screenshots(name, contexts, cfg.artifacts, (line) => t.diagnostic(line));
        for (const e of pageErrors) t.diagnostic(`page error: ${e}`);
        throw err;
      } finally {
        await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
      }
    });
  }

  return { cfg, e2eTest };
}

/** screenshots saves every open page of a failed test, for a look at what the user saw. */
async function screenshots(testName, contexts, dir, report) {
  if (!dir) return;
  try {
    mkdirSync(dir); // not recursive: after an interrupted run its directory is gone, and stays so
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') return;
  }
  const slug = testName.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
  let n = 0;
  for (const ctx of contexts) {
    for (const page of ctx.pages()) {
      const file = path.join(dir, `${slug}-${++n}.png`);
      try {
        await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
        report(`screenshot of ${page.url()}: ${file}`);
      } catch (err) {
        report(`no screenshot of ${page.url()}: ${err instanceof Error ? err.message : err}`);
      }
    }
  }
}

/**
 * signIn signs in through the login page and waits for where it lands: the workspace list,
 * or the workspace itself for someone in exactly one.
 */
export async function signIn(page, email, password) {
  await page.goto('/login');
  // By the inputs' roles rather than their labels, so that it works in either language.
  await page.locator('input[autocomplete="username"]').fill(email);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => u.pathname !== '/login');
  await page.getByTestId('user-menu').waitFor();
}

/** csrfToken reads the session's CSRF token, for API calls made with the page's cookie. */
export async function csrfToken(page) {
  const res = await page.request.get('/api/v1/auth/me');
  if (!res.ok()) throw new Error(`GET /auth/me: ${res.status()}`);
  return (await res.json()).csrfToken;
}

/**
 * openedDialog returns the dialog with that name once its opening animation has finished:
 * on a busy machine a click that lands while the dialog still zooms in can miss its button.
 * A dialog that opens after a heavy request (a publish) can be given a longer timeout.
 */
export async function openedDialog(page, name, { timeout } = {}) {
  const dialog = page.getByRole('dialog', { name });
  try {
    await dialog.waitFor({ timeout });
  } catch (err) {
    // Say what the page showed instead (an error toast, another dialog), so a failure on CI
    // can be read without its screenshot.
    const shown = await page
      .locator('.ant-message-notice, .ant-modal-title, .ant-alert-message')
      .allInnerTexts()
      .catch(() => []);
    throw new Error(`${err instanceof Error ? err.message : err}\nshown instead: ${JSON.stringify(shown)}`, { cause: err });
  }
  await dialog.evaluate(
    (el) =>
      new Promise((resolve) => {
        const settled = () => !/\bant-zoom-(enter|appear)\b/.test(el.className);
        if (settled()) return resolve();
        const timer = setInterval(() => {
          if (settled()) {
            clearInterval(timer);
            resolve();
          }
        }, 20);
      }),
  );
  return dialog;
}

/** dragTo moves a kanban card onto a column with the mouse, in small steps (dnd-kit's pointer sensor). */
export async function dragTo(page, card, column) {
  const from = await card.boundingBox();
  const to = await column.boundingBox();
  assert.ok(from && to, 'card and column are on screen');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  // Past the sensor's 6 px activation distance first, then on to the column.
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10);
  await page.waitForTimeout(100);
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(from.x + from.width / 2 + ((to.x + to.width / 2 - from.x - from.width / 2) * i) / steps, from.y + from.height / 2 + ((to.y + 60 - from.y - from.height / 2) * i) / steps);
  }
  // The board scrolls sideways while a card is dragged: aim at where the column is now.
  for (let i = 0; i < 3; i++) {
    await page.waitForTimeout(150);
    const now = await column.boundingBox();
    if (now) await page.mouse.move(now.x + now.width / 2, now.y + 60, { steps: 3 });
  }
  await page.mouse.up();
}
