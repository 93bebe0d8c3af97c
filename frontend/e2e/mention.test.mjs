// A member who is not an admin comments on a record from its page and @mentions a colleague
// picked by name; the comment is sent with the colleague's id as a mention.
import assert from 'node:assert/strict';
import { openedDialog, setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const PASSWORD = 'member-password-1';

const notesApp = {
  key: 'mention-notes',
  name: { 'zh-CN': '备忘', en: 'Notes' },
  forms: [
    {
      key: 'note',
      name: { 'zh-CN': '备忘', en: 'Note' },
      schema: {
        type: 'object',
        required: ['subject'],
        properties: { subject: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '主题', en: 'Subject' } } } },
      },
      ui: { order: ['subject'] },
    },
  ],
  roles: [{ key: 'reviewer', name: { 'zh-CN': '审核人', en: 'Reviewer' } }],
  pipelines: [
    {
      key: 'review',
      form: 'note',
      nodes: [
        { key: 'start', type: 'start' },
        { key: 'check', type: 'approval', assignees: [{ type: 'role', role: 'reviewer' }] },
        { key: 'end', type: 'end' },
      ],
      edges: [
        { from: 'start', to: 'check' },
        { from: 'check', to: 'end' },
      ],
    },
  ],
};

e2eTest('a member @mentions a colleague in a comment on the record page', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Mentions' })).id;
  const email = `mia-${Date.now()}@formloom.test`;
  await addMember(cfg.url, call, ws, { email, name: 'Mia Member' }, PASSWORD);
  const fay = await addMember(cfg.url, call, ws, { email: `fay-${Date.now()}@formloom.test`, name: 'Fay Finance' }, PASSWORD);
  const app = (await call('POST', `/workspaces/${ws}/apps`, { definition: notesApp })).id;
  const mia = await apiSession(cfg.url, email, PASSWORD);
  const rec = (await mia('POST', `/workspaces/${ws}/apps/${app}/forms/note/records`, { subject: 'Budget check' })).id;

  const page = await newPage();
  await signIn(page, email, PASSWORD);
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${app}/forms/note/records/${rec}`);
  await page.getByTestId('action-comment').click();
  const dialog = await openedDialog(page, 'Comment');
  const box = dialog.locator('.ant-mentions textarea');
  await box.click();
  await box.pressSequentially('Please check @Fa');
  await page.locator('.ant-mentions-dropdown').getByText('Fay Finance').click();
  await box.pressSequentially('the amount');
  await dialog.getByTestId('action-ok').click();
  await dialog.waitFor({ state: 'detached' });

  const hist = JSON.stringify(await mia('GET', `/workspaces/${ws}/apps/${app}/forms/note/records/${rec}/history`));
  assert.ok(hist.includes('Please check @Fay Finance the amount'), hist);
  assert.ok(hist.includes(fay), `the timeline names the mentioned member: ${hist}`);
});
