// The sign-in page's first load: its JavaScript is served compressed and weighs at most
// 250 KB on the wire; hashed assets are cached as immutable, index.html is revalidated.
import assert from 'node:assert/strict';
import { setupE2E } from './browser.mjs';

const { e2eTest } = setupE2E();
const BUDGET = 250 * 1024;

e2eTest('the sign-in page loads at most 250 KB of compressed JavaScript', async ({ newPage }) => {
  const page = await newPage();
  /** @type {Map<string, Record<string, string>>} */
  const headers = new Map();
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.startsWith('/assets/')) headers.set(res.url(), res.headers());
  });
  const doc = await page.goto('/login');
  assert.equal(doc?.headers()['cache-control'], 'no-cache');
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.waitForLoadState('networkidle');
  const js = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.endsWith('.js'))
      .map((e) => ({ url: e.name, bytes: /** @type {PerformanceResourceTiming} */ (e).encodedBodySize, plain: /** @type {PerformanceResourceTiming} */ (e).decodedBodySize })),
  );
  const total = js.reduce((n, e) => n + e.bytes, 0);
  const plain = js.reduce((n, e) => n + e.plain, 0);
  console.log(`sign-in page: ${js.length} JavaScript files, ${(total / 1024).toFixed(1)} KB compressed, ${(plain / 1024).toFixed(1)} KB uncompressed`);
  assert.ok(js.length > 0);
  assert.ok(total <= BUDGET, `sign-in JavaScript is ${total} bytes compressed, over ${BUDGET}`);
  for (const e of js) {
    const h = headers.get(e.url);
    assert.ok(h, `no response seen for ${e.url}`);
    assert.match(h['content-encoding'] ?? '', /^(br|gzip)$/, `${e.url} is not compressed`);
    assert.equal(h['cache-control'], 'public, max-age=31536000, immutable');
  }
  // The form renderer and the charts are not part of it.
  assert.ok(!js.some((e) => /\/(forms|charts)-[^/]+\.js$/.test(e.url)), js.map((e) => e.url).join(' '));
});
