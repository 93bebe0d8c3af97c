// The admin publishes the lead form through a public link in the browser, exposing four
// fields and letting the receipt show the subject; an anonymous visitor on a phone fills
// the form, attaches a photo of her business card, gets the receipt with the lead's serial
// number and opens the status page.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { csrfToken, setupE2E, signIn } from './browser.mjs';

const { cfg, e2eTest } = setupE2E();
const SHOTS = process.env.FORMLOOM_E2E_SHOTS ?? '';
const EXPOSED = ['subject', 'channel', 'urgency', 'attachments'];
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function shot(page, name) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

e2eTest('admin sets up a public link; a visitor submits and checks the status', async ({ newPage }) => {
  const page = await newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const csrf = await csrfToken(page);
  const post = async (url, data) => {
    const res = await page.request.post(url, { data, headers: { 'X-CSRF-Token': csrf } });
    assert.ok(res.ok(), await res.text());
    return res.json();
  };
  const ws = (await post('/api/v1/workspaces', { name: 'Public links' })).id;
  const app = (await post(`/api/v1/workspaces/${ws}/apps`, { template: 'lead-management' })).id;

  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}`);
  await page.getByTestId('public-links-open').click();
  await page.getByTestId('link-new').click();
  const editor = page.getByTestId('link-editor');
  await editor.getByTestId('link-owner').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  // The start step's fields are ticked by default: keep four of them.
  const ticked = await editor.locator('input[data-testid^="link-field-"]:checked').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  assert.ok(ticked.length > 3, `default fields: ${ticked}`);
  for (const id of ticked) {
    if (!EXPOSED.includes(id.replace('link-field-', ''))) await editor.getByTestId(id).uncheck();
  }
  await editor.getByTestId('link-show-subject').check();
  await shot(page, 'public-link-editor-1440');
  await editor.getByTestId('link-save').click();
  const url = await page.getByTestId('link-url-0').innerText();
  assert.match(url, /\/public\/forms\/[^/]+$/);
  await shot(page, 'public-link-list-1440');

  const links = await (await page.request.get(`/api/v1/workspaces/${ws}/apps/${app}/forms/lead/public-links`)).json();
  assert.deepEqual([...links.items[0].fields].sort(), [...EXPOSED].sort());
  assert.deepEqual(links.items[0].show, ['subject']);

  // An anonymous visitor on a phone, in Chinese.
  const visitor = await newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  await visitor.goto(url);
  await visitor.locator('#root_subject').fill('官网咨询：门店收银系统');
  assert.equal(await visitor.locator('#root_company').count(), 0, 'a field the link does not expose is shown');
  for (const [id, option] of [['channel', '客户投诉/举报电话'], ['urgency', '一般']]) {
    await visitor.locator(`#root_${id}`).click();
    await visitor.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
  }
  // The photo uploads as it is picked, through the link (she is signed in nowhere).
  const files = visitor.getByTestId('files-attachments');
  await files.locator('input[type=file]').setInputFiles({ name: '名片.png', mimeType: 'image/png', buffer: PNG });
  await files.getByTestId('files-item').getByText('名片.png').waitFor();
  await shot(visitor, 'public-form-390');
  const width = await visitor.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the public form scrolls sideways: ${width}px`);
  await visitor.getByTestId('public-submit').click();
  const serial = (await visitor.getByTestId('public-serial').innerText()).trim();
  assert.ok(serial.length > 0, 'no serial number on the receipt');
  await shot(visitor, 'public-receipt-390');
  const stored = await (await page.request.get(`/api/v1/workspaces/${ws}/apps/${app}/forms/lead/records`)).json();
  const lead = stored.items.find((r) => r.data.subject === '官网咨询：门店收银系统');
  assert.equal(lead?.data.attachments?.length, 1, JSON.stringify(lead?.data));
  const held = await (await page.request.get(`/api/v1/workspaces/${ws}/apps/${app}/forms/lead/records/${lead.id}/files`)).json();
  assert.equal(held.items[0]?.name, '名片.png');

  await visitor.getByTestId('public-status-link').click();
  const status = visitor.getByTestId('public-status');
  await status.waitFor();
  await visitor.getByText('您的提交').waitFor();
  const text = await status.innerText();
  assert.ok(text.includes(serial), text);
  assert.ok(text.includes('当前状态') && text.includes('处理中'), text);
  assert.ok(text.includes('涉及事项') && text.includes('官网咨询：门店收银系统'), text);
  assert.ok(!text.includes('一般'), 'the receipt shows a field the link does not show');
  await shot(visitor, 'public-status-390');

  // The same status page on a wide screen.
  await visitor.setViewportSize({ width: 1440, height: 900 });
  await shot(visitor, 'public-status-1440');
});
