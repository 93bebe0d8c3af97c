// A member who is not an admin fills a generated form on a 390×844 phone: an optional select
// offers only its real choices (no blank first one) and is cleared explicitly, storing
// nothing; selects, member pickers and date pickers open inside the screen with thumb-sized
// rows. She attaches an image and a PDF from the form (a file of a type the field does not
// take is refused by name); her record's page previews the image and links the PDF by name, and its print view
// (print media) is a one-or-two-page A4 PDF without the app's header or buttons. In Chinese
// the form's date picker speaks Chinese (placeholder, weekdays) and follows a switch to English.
import assert from 'node:assert/strict';
import { setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const PASSWORD = 'member-password-1';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const label = (en, zh) => ({ 'zh-CN': zh, en });
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAHUlEQVR4nGP8z0AaYCJRPcOoBmIAI6kaRv3AMDw1AACZOgEfzv3ykwAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const app = {
  key: 'phone-orders',
  name: label('Orders', '订单'),
  forms: [
    {
      key: 'order',
      name: label('Order', '订单'),
      schema: {
        type: 'object',
        required: ['subject', 'kind'],
        properties: {
          no: { type: 'string', readOnly: true, 'x-formloom': { type: 'serial', label: label('No.', '编号'), pattern: 'OR-{seq:4}' } },
          subject: { type: 'string', 'x-formloom': { type: 'text', label: label('Subject', '事由') } },
          kind: { type: 'string', enum: ['goods', 'service'], 'x-formloom': { type: 'select', label: label('Kind', '类型'), options: [{ value: 'goods', label: label('Goods', '货物') }, { value: 'service', label: label('Service', '服务') }] } },
          priority: { type: 'string', enum: ['low', 'high'], 'x-formloom': { type: 'select', label: label('Priority', '优先级'), options: [{ value: 'low', label: label('Low', '低') }, { value: 'high', label: label('High', '高') }] } },
          buyer: { type: 'string', 'x-formloom': { type: 'member', label: label('Buyer', '采购员') } },
          needBy: { type: 'string', format: 'date', 'x-formloom': { type: 'date', label: label('Needed by', '需要日期') } },
          deliverAt: { type: 'string', format: 'date-time', 'x-formloom': { type: 'datetime', label: label('Deliver at', '送达时间') } },
          files: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'attachment', label: label('Files', '附件'), accept: ['image/*', 'application/pdf'] } },
        },
      },
      ui: { order: ['no', 'subject', 'kind', 'priority', 'buyer', 'needBy', 'deliverAt', 'files'] },
    },
  ],
  roles: [{ key: 'buyer', name: label('Buyer', '采购员') }],
  permissions: [{ role: 'buyer', form: 'order', actions: ['create', 'read', 'update'], scope: 'own' }],
};

/** inScreen asserts that the open popup (select list or date panel) lies within the phone's screen, with rows ≥ 40 px. */
async function inScreen(page, popup, row) {
  await popup.waitFor();
  await page.waitForTimeout(300); // the opening animation
  const box = await popup.boundingBox();
  assert.ok(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 390.5 && box.y + box.height <= 844.5, `popup off screen: ${JSON.stringify(box)}`);
  const r = await popup.locator(row).first().boundingBox();
  assert.ok(r && r.height >= 40, `row of ${r?.height}px`);
}

e2eTest('a member fills an order on a phone: real choices only, pickers on screen, previews and print', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Phone orders' })).id;
  const email = `buyer-${Date.now()}@formloom.test`;
  const bea = await addMember(cfg.url, call, ws, { email, name: 'Bea Buyer' }, PASSWORD);
  const appId = (await call('POST', `/workspaces/${ws}/apps`, { definition: app })).id;
  await call('POST', `/workspaces/${ws}/apps/${appId}/roles/buyer/assignees`, { user: bea });

  const page = await newPage(PHONE);
  await signIn(page, email, PASSWORD);
  // In one workspace only, she lands inside it, on its apps, not a list of one workspace.
  assert.equal(new URL(page.url()).pathname, `/w/${encodeURIComponent(ws)}/apps`);
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${appId}`);
  await page.getByTestId('new-record').click();
  const drawer = page.getByRole('dialog', { name: 'New Order' });
  await drawer.getByLabel('Subject', { exact: true }).fill('Paper for the office');

  // The optional select lists exactly its two choices, in a sheet on screen.
  await drawer.getByLabel('Priority', { exact: true }).click();
  const sheet = page.locator('.ant-select-dropdown:visible');
  await inScreen(page, sheet, '.ant-select-item-option');
  assert.deepEqual(await sheet.locator('.ant-select-item-option').allInnerTexts(), ['Low', 'High']);
  await page.screenshot({ path: `${cfg.artifacts || '/tmp'}-phone-select.png` }).catch(() => undefined);
  await sheet.locator('.ant-select-item-option').filter({ hasText: 'High' }).click();
  // Cleared with its clear button: the field is empty again.
  const priority = drawer.getByTestId('choice-root_priority');
  await priority.hover();
  await priority.locator('.ant-select-clear').click();
  await priority.locator('.ant-select-selection-placeholder').waitFor();
  // The required select has no clear button and no blank choice either.
  await drawer.getByLabel('Kind', { exact: true }).click();
  // Each select's sheet is added to the page when it first opens: the newest is the last.
  const kinds = page.locator('.ant-select-dropdown:visible').last();
  await inScreen(page, kinds, '.ant-select-item-option');
  assert.deepEqual(await kinds.locator('.ant-select-item-option').allInnerTexts(), ['Goods', 'Service']);
  await kinds.locator('.ant-select-item-option').filter({ hasText: 'Goods' }).click();
  // The member picker and the date picker open on screen too.
  await drawer.getByLabel('Buyer', { exact: true }).click();
  const buyers = page.locator('.ant-select-dropdown:visible').last();
  await inScreen(page, buyers, '.ant-select-item-option');
  await buyers.locator('.ant-select-item-option').filter({ hasText: 'Bea Buyer' }).click();
  await drawer.getByLabel('Needed by', { exact: true }).click();
  const panel = page.locator('.ant-picker-dropdown:visible').last();
  await inScreen(page, panel, '.ant-picker-cell-in-view');
  await page.screenshot({ path: `${cfg.artifacts || '/tmp'}-phone-date.png` }).catch(() => undefined);
  await panel.locator('.ant-picker-cell-in-view').filter({ hasText: /^15$/ }).click();
  await panel.waitFor({ state: 'hidden' }); // its closing sheet is no target for the next clicks
  // A date and time sheet is taller than the screen allows: its OK button stays on screen.
  await drawer.getByLabel('Deliver at', { exact: true }).click();
  const dateTime = page.locator('.ant-picker-dropdown:visible').filter({ has: page.locator('.ant-picker-time-panel') });
  // Clicks land once the sheet has finished sliding in (a moving cell is no target).
  await dateTime.waitFor();
  await page.waitForFunction(
    (el) => el !== null && !/\b(ant-slide-\S*-(enter|appear)|ant-zoom-\S*-(enter|appear))\b/.test(el.className),
    await dateTime.elementHandle(),
  );
  await dateTime.locator('.ant-picker-cell-in-view').filter({ hasText: /^16$/ }).click();
  const ok = dateTime.locator('.ant-picker-ok button');
  const okBox = await ok.boundingBox();
  assert.ok(okBox && okBox.y >= 0 && okBox.y + okBox.height <= 844.5, `OK button off screen: ${JSON.stringify(okBox)}`);
  await page.screenshot({ path: `${cfg.artifacts || '/tmp'}-phone-datetime.png` }).catch(() => undefined);
  await ok.click();
  // Files are uploaded as they are picked, and the record names them.
  const files = drawer.getByTestId('files-files');
  // On a slow network a large file says how far it has got, and 提交 waits for it.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 60000 });
  const big = Buffer.concat([PDF, Buffer.alloc(240000, 32)]);
  await files.locator('input[type=file]').setInputFiles({ name: 'catalogue.pdf', mimeType: 'application/pdf', buffer: big });
  await files.getByTestId('files-sending').getByText(/Uploading catalogue\.pdf… \d+%/).waitFor();
  await drawer.getByTestId('submit-record').click();
  await page.locator('.ant-message').getByText('A file is still being uploaded: submit once it is done.').waitFor();
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await files.getByTestId('files-item').filter({ hasText: 'catalogue.pdf' }).waitFor({ timeout: 20000 });
  assert.equal(await drawer.isVisible(), true, 'the drawer stayed open');
  await files.getByTestId('files-item').filter({ hasText: 'catalogue.pdf' }).getByTestId('files-remove').click();
  await files.getByTestId('files-item').waitFor({ state: 'detached' });
  await files.locator('input[type=file]').setInputFiles([
    { name: 'shelf.png', mimeType: 'image/png', buffer: PNG },
    { name: 'quote.pdf', mimeType: 'application/pdf', buffer: PDF },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just text') },
  ]);
  await files.getByTestId('files-problem').waitFor();
  assert.match(await files.getByTestId('files-problem').innerText(), /notes\.txt.*text\/plain/);
  await files.getByTestId('files-item').nth(1).waitFor();
  const picked = await files.getByTestId('files-item').allInnerTexts();
  // They upload side by side, and are listed in the order she picked them whichever finishes first.
  assert.ok(picked.length === 2 && picked[0].includes('shelf.png') && picked[1].includes('quote.pdf'), picked.join(' | '));
  // The photo shows as a picture before the record is saved.
  assert.equal(await files.getByTestId('files-thumb').count(), 1);
  assert.ok(await files.getByTestId('files-thumb').evaluate((img) => img.complete && img.naturalWidth > 0), 'the thumbnail loaded');
  await drawer.getByTestId('submit-record').click();
  await drawer.waitFor({ state: 'hidden' });

  // What was stored: the cleared select is absent, not an empty string.
  const mine = await apiSession(cfg.url, email, PASSWORD);
  const list = await mine('GET', `/workspaces/${ws}/apps/${appId}/forms/order/records`);
  const stored = list.items.find((r) => r.data.subject === 'Paper for the office');
  assert.ok(stored, JSON.stringify(list));
  assert.equal('priority' in stored.data, false, JSON.stringify(stored.data));
  assert.equal(stored.data.kind, 'goods');
  assert.match(stored.data.deliverAt ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, JSON.stringify(stored.data));

  // Her record's page previews the image and names the PDF.
  const rec = stored;
  const attached = stored.data.files ?? [];
  assert.equal(attached.length, 2, JSON.stringify(stored.data));
  const desk = await newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(desk, email, PASSWORD);
  await desk.goto(`/w/${encodeURIComponent(ws)}/apps/${appId}/forms/order/records/${rec.id}`);
  const thumb = desk.getByTestId('attachment-image').locator('img');
  await thumb.waitFor();
  assert.ok(await thumb.evaluate((img) => img.complete && img.naturalWidth > 0), 'the thumbnail loaded');
  const pdfLink = desk.getByTestId('attachment-pdf');
  assert.equal(await pdfLink.innerText(), 'quote.pdf');
  assert.equal(await pdfLink.getAttribute('target'), '_blank');
  // The timeline names the files it was created with, not their IDs.
  const filesLine = desk.getByTestId('timeline-change').filter({ hasText: 'shelf.png, quote.pdf' });
  await filesLine.waitFor();
  assert.ok(!(await desk.getByTestId('record-timeline').innerText()).includes(attached[0]), 'no file ID in the timeline');
  await desk.locator('.ant-image-mask').first().click(); // the thumbnail's hover mask takes the click
  await desk.locator('.ant-image-preview-img').waitFor();
  await desk.screenshot({ path: `${cfg.artifacts || '/tmp'}-preview.png` }).catch(() => undefined);
  await desk.keyboard.press('Escape');
  await desk.locator('.ant-image-preview-img').waitFor({ state: 'hidden' });

  // Print: no header, no buttons; a one-or-two-page A4 PDF.
  await desk.emulateMedia({ media: 'print' });
  assert.equal(await desk.locator('.fl-header').isVisible(), false);
  assert.equal(await desk.getByTestId('record-actions').isVisible(), false);
  await desk.getByText(rec.data.no).first().waitFor();
  await desk.screenshot({ path: `${cfg.artifacts || '/tmp'}-print.png`, fullPage: true }).catch(() => undefined);
  const pdf = (await desk.pdf({ format: 'A4' })).toString('latin1');
  const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
});

/** switchLanguage picks a language in the header's language menu. */
async function switchLanguage(page, name) {
  await page.getByTestId('language-switch').click();
  await page.getByRole('menuitem', { name }).click();
}

e2eTest('in Chinese the order form’s date picker says 请选择日期 and names weekdays in Chinese; in English again after a switch', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Orders in Chinese' })).id;
  const email = `zh-buyer-${Date.now()}@formloom.test`;
  const bea = await addMember(cfg.url, call, ws, { email, name: 'Bea Buyer' }, PASSWORD);
  const appId = (await call('POST', `/workspaces/${ws}/apps`, { definition: app })).id;
  await call('POST', `/workspaces/${ws}/apps/${appId}/roles/buyer/assignees`, { user: bea });

  const page = await newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, email, PASSWORD);
  await switchLanguage(page, '简体中文');
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${appId}`);
  await page.getByTestId('new-record').click();
  let drawer = page.getByRole('dialog', { name: '新建订单' });
  const date = drawer.getByLabel('需要日期', { exact: true });
  await date.waitFor();
  assert.equal(await date.getAttribute('placeholder'), '请选择日期');
  await date.click();
  const panel = page.locator('.ant-picker-dropdown:visible').last();
  assert.deepEqual(await panel.locator('.ant-picker-content th').allInnerTexts(), ['一', '二', '三', '四', '五', '六', '日']);

  // Switched to English on the same page (the drawer left by reloading), the picker follows.
  await page.reload();
  await switchLanguage(page, 'English');
  await page.getByTestId('new-record').click();
  drawer = page.getByRole('dialog', { name: 'New Order' });
  const dateEn = drawer.getByLabel('Needed by', { exact: true });
  await dateEn.waitFor();
  assert.equal(await dateEn.getAttribute('placeholder'), 'Select date');
});
