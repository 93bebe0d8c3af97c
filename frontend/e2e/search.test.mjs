// A salesperson (a plain member holding two roles: sales on the CRM, reader of the minutes)
// searches every app from the header: 禾丰 finds their own lead and a meeting, highlighted,
// with app and form named, but not the admin's lead outside their scope nor a lead whose
// only match is in a field hidden from them; the app filter narrows; a hit opens its record.
import assert from 'node:assert/strict';
import { csrfToken, openedDialog, setupE2E, signIn } from './browser.mjs';

// SEARCH_SHOTS=<dir> keeps screenshots of the dialog at 1440 and 390 pixels wide.

const { cfg, e2eTest } = setupE2E();

const field = (type, zh, en) => ({ type: 'string', 'x-formloom': { type, label: { 'zh-CN': zh, en } } });
const crm = {
  key: 'search-crm',
  name: { 'zh-CN': '客户管理', en: 'CRM' },
  forms: [
    {
      key: 'lead',
      name: { 'zh-CN': '线索', en: 'Lead' },
      schema: {
        type: 'object',
        required: ['subject'],
        'x-formloom': { title: 'subject' },
        properties: {
          leadNo: { type: 'string', readOnly: true, 'x-formloom': { type: 'serial', label: { 'zh-CN': '线索编号', en: 'Lead number' }, pattern: 'XS-{seq:4}' } },
          subject: field('text', '主题', 'Subject'),
          company: field('text', '公司', 'Company'),
          notes: field('textarea', '备注', 'Notes'),
        },
      },
    },
  ],
  roles: [{ key: 'sales', name: { 'zh-CN': '销售人员', en: 'Sales' } }],
  permissions: [{ role: 'sales', form: 'lead', actions: ['create', 'read', 'update'], scope: 'own', fields: { notes: 'hidden' } }],
};
const minutes = {
  key: 'search-minutes',
  name: { 'zh-CN': '会议纪要', en: 'Minutes' },
  forms: [
    {
      key: 'meeting',
      name: { 'zh-CN': '会议', en: 'Meeting' },
      schema: { type: 'object', required: ['title'], properties: { title: field('text', '标题', 'Title'), body: field('textarea', '内容', 'Body') } },
    },
  ],
  roles: [{ key: 'reader', name: { 'zh-CN': '读者', en: 'Reader' } }],
  permissions: [{ role: 'reader', form: 'meeting', actions: ['read'], scope: 'all' }],
};

e2eTest('a member searches every app from the header', async ({ newPage }) => {
  const admin = await newPage();
  await signIn(admin, cfg.adminEmail, cfg.adminPassword);
  const csrf = await csrfToken(admin);
  const post = async (page, token, url, data, status = 201) => {
    const res = await page.request.post(url, { data, headers: { 'X-CSRF-Token': token } });
    assert.equal(res.status(), status, `${url}: ${await res.text()}`);
    return res.json();
  };
  const ws = (await post(admin, csrf, '/api/v1/workspaces', { name: 'Search' })).id;
  const crmApp = (await post(admin, csrf, `/api/v1/workspaces/${ws}/apps`, { definition: crm })).id;
  const minutesApp = (await post(admin, csrf, `/api/v1/workspaces/${ws}/apps`, { definition: minutes })).id;
  const invited = await post(admin, csrf, `/api/v1/workspaces/${ws}/members`, { email: 'sam@example.com', name: 'Sam', role: 'member' });
  const sam = invited.member.userId;
  await post(admin, csrf, `/api/v1/workspaces/${ws}/apps/${crmApp}/roles/sales/assignees`, { user: sam });
  await post(admin, csrf, `/api/v1/workspaces/${ws}/apps/${minutesApp}/roles/reader/assignees`, { user: sam });

  // Sam sets his password through the setup link and is signed in.
  const page = await newPage({ viewport: { width: 1440, height: 900 } });
  const setup = await page.request.post('/api/v1/auth/setup', { data: { token: invited.setup.token, password: 'sam-secret-1234' } });
  assert.equal(setup.status(), 200, await setup.text());
  const samCsrf = await csrfToken(page);

  const records = (app, form) => `/api/v1/workspaces/${ws}/apps/${app}/forms/${form}/records`;
  const samLead = (await post(page, samCsrf, records(crmApp, 'lead'), { subject: '春节备货', company: '禾丰超市' })).id;
  const hidden = (await post(page, samCsrf, records(crmApp, 'lead'), { subject: '回访', company: '北方粮油' })).id;
  const patch = await admin.request.patch(`${records(crmApp, 'lead')}/${hidden}`, {
    data: { notes: '禾丰的朋友介绍' },
    headers: { 'X-CSRF-Token': csrf, 'If-Match': '*' },
  });
  assert.equal(patch.status(), 200, await patch.text());
  await post(admin, csrf, records(crmApp, 'lead'), { subject: '二店开业', company: '禾丰超市二店' });
  await post(admin, csrf, records(minutesApp, 'meeting'), { title: '与禾丰超市的周会', body: '讨论备货计划' });

  await page.goto(`/w/${encodeURIComponent(ws)}/apps`);
  await page.getByTestId('search-open').click();
  const dialog = await openedDialog(page, 'Search');
  await dialog.getByTestId('search-input').fill('禾丰');
  const hits = dialog.getByTestId('search-hit');
  await hits.nth(1).waitFor();
  assert.equal(await hits.count(), 2);
  const lead = hits.filter({ hasText: '春节备货' });
  await lead.getByText('CRM · Lead · in Company').waitFor();
  await lead.getByText(/^XS-\d{4}$/).waitFor();
  assert.equal(await lead.locator('mark').first().textContent(), '禾丰');
  await hits.filter({ hasText: '与禾丰超市的周会' }).getByText('Minutes · Meeting · in Title').waitFor();
  assert.equal(await dialog.getByText('二店开业').count(), 0, "the admin's lead is outside sam's scope");
  assert.equal(await dialog.getByText('回访').count(), 0, 'a hidden field never makes a lead match');
  if (process.env.SEARCH_SHOTS) await page.screenshot({ path: `${process.env.SEARCH_SHOTS}/search-1440.png` });

  // Filter by app: only the minutes.
  await dialog.getByTestId('search-app').click();
  await page.getByTitle('Minutes', { exact: true }).click();
  await hits.filter({ hasText: '春节备货' }).waitFor({ state: 'detached' });
  assert.equal(await hits.count(), 1);
  await dialog.getByTestId('search-app').click();
  await page.getByTitle('All apps', { exact: true }).click();
  await lead.waitFor();

  // One click opens the record.
  await lead.click();
  await page.waitForURL(`**/apps/${crmApp}/forms/lead/records/${samLead}`);
  await dialog.waitFor({ state: 'hidden' });

  // On a phone the header keeps an icon; the dialog holds the same results.
  const phone = await newPage({ viewport: { width: 390, height: 844 }, storageState: await page.context().storageState() });
  await phone.goto(`/w/${encodeURIComponent(ws)}/apps`);
  await phone.getByTestId('search-open').click();
  const small = await openedDialog(phone, 'Search');
  await small.getByTestId('search-input').fill('禾');
  await small.getByTestId('search-hit').nth(1).waitFor();
  if (process.env.SEARCH_SHOTS) await phone.screenshot({ path: `${process.env.SEARCH_SHOTS}/search-390.png` });
});
