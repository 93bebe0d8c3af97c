// Pipeline participants who hold no role in the app: the approver chosen in a member field opens
// the request from her inbox (the record's own runtime, since the app's is not hers), fills
// the step's fields (uploading the signed quote it asks for) and approves; the member the run copies opens it from her CC box.
import assert from 'node:assert/strict';
import { openedDialog, setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const PASSWORD = 'member-password-1';

const label = (en, zh) => ({ 'zh-CN': zh, en });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** purchaseApp: a request whose approver is picked in a member field, then copied to one member. */
function purchaseApp(ccMember) {
  return {
    key: 'participant-purchase',
    name: label('Purchases', '采购申请'),
    forms: [
      {
        key: 'request',
        name: label('Request', '申请'),
        schema: {
          type: 'object',
          required: ['subject'],
          properties: {
            serial: { type: 'string', readOnly: true, 'x-formloom': { type: 'serial', label: label('No.', '编号'), pattern: 'PR-{seq:4}' } },
            subject: { type: 'string', 'x-formloom': { type: 'text', label: label('Subject', '事由') } },
            approver: { type: 'string', 'x-formloom': { type: 'member', label: label('Approver', '审批人') } },
            priority: {
              type: 'string',
              enum: ['low', 'high'],
              'x-formloom': {
                type: 'select',
                label: label('Priority', '优先级'),
                options: [
                  { value: 'low', label: label('Low', '低') },
                  { value: 'high', label: label('High', '高') },
                ],
              },
            },
            opinion: { type: 'string', 'x-formloom': { type: 'textarea', label: label('Opinion', '审批意见') } },
            quote: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'attachment', label: label('Signed quote', '签字报价单'), maxCount: 1 } },
          },
        },
        ui: { order: ['serial', 'subject', 'approver', 'priority', 'opinion', 'quote'] },
      },
    ],
    roles: [{ key: 'requester', name: label('Requester', '申请人') }],
    permissions: [{ role: 'requester', form: 'request', actions: ['create', 'read', 'update'], scope: 'own', fields: { opinion: 'read' } }],
    pipelines: [
      {
        key: 'approve',
        form: 'request',
        nodes: [
          { key: 'start', type: 'start', fields: { subject: 'required', approver: 'required', priority: 'edit' } },
          { key: 'check', type: 'approval', name: label('Approval', '审批'), assignees: [{ type: 'field', field: 'approver' }], fields: { opinion: 'required', quote: 'edit' } },
          { key: 'copy', type: 'cc', name: label('Copy', '抄送'), assignees: [{ type: 'member', member: ccMember }] },
          { key: 'end', type: 'end' },
        ],
        edges: [
          { from: 'start', to: 'check' },
          { from: 'check', to: 'copy' },
          { from: 'copy', to: 'end' },
        ],
      },
    ],
  };
}

/** The workspace, the app and the people, set up by the admin through the API. */
const world = { ws: '', app: '', travel: '', rec: '', people: /** @type {Record<string, string>} */ ({}) };

async function setUp() {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Participants' })).id;
  const people = {};
  for (const [who, name] of [
    ['requester', 'Rita Requester'],
    ['approver', 'Ada Approver'],
    ['copied', 'Cleo Copied'],
  ]) {
    const email = `${who}-${Date.now()}@formloom.test`;
    people[`${who}Id`] = await addMember(cfg.url, call, ws, { email, name }, PASSWORD);
    people[who] = email;
  }
  const app = (await call('POST', `/workspaces/${ws}/apps`, { definition: purchaseApp(people.copiedId) })).id;
  await call('POST', `/workspaces/${ws}/apps/${app}/roles/requester/assignees`, { user: people.requesterId });
  const rita = await apiSession(cfg.url, people.requester, PASSWORD);
  const rec = (await rita('POST', `/workspaces/${ws}/apps/${app}/forms/request/records`, { subject: 'Standing desk', approver: people.approverId })).id;
  // A second app whose request also waits for Ada: her inbox holds two apps' to-dos.
  const travel = (await call('POST', `/workspaces/${ws}/apps`, { definition: { ...purchaseApp(people.copiedId), key: 'participant-travel', name: label('Travel', '差旅申请') } })).id;
  await call('POST', `/workspaces/${ws}/apps/${travel}/roles/requester/assignees`, { user: people.requesterId });
  await rita('POST', `/workspaces/${ws}/apps/${travel}/forms/request/records`, { subject: 'Trip to Shenzhen', approver: people.approverId });
  Object.assign(world, { ws, app, travel, rec, people });
}

e2eTest('a member picked as approver, with no role in the app, approves from her inbox', async ({ newPage }) => {
  await setUp();
  const ada = await newPage();
  await signIn(ada, world.people.approver, PASSWORD);
  await ada.goto(`/w/${encodeURIComponent(world.ws)}/inbox`);
  const link = ada.getByTestId('inbox-link').filter({ hasText: 'Standing desk' });
  await link.waitFor();
  // Her to-dos of two apps, neither hers: each row names its app, and she narrows the list to one.
  const rows = ada.getByTestId('inbox-table').locator('tbody tr.ant-table-row');
  await ada.getByTestId('inbox-link').filter({ hasText: 'Trip to Shenzhen' }).waitFor();
  // A request that arrives while her inbox is open shows up, with the counts, when she comes
  // back to the tab (and every minute while it is shown): no reload, no navigation.
  const rita = await apiSession(cfg.url, world.people.requester, PASSWORD);
  await rita('POST', `/workspaces/${world.ws}/apps/${world.travel}/forms/request/records`, { subject: 'Visa for the fair', approver: world.people.approverId });
  const arrived = ada.getByTestId('inbox-link').filter({ hasText: 'Visa for the fair' });
  for (let i = 0; i < 40 && (await arrived.count()) === 0; i++) {
    await ada.evaluate(() => window.dispatchEvent(new Event('focus')));
    await ada.waitForTimeout(250);
  }
  await arrived.waitFor();
  await ada.getByTestId('inbox-tab-todo').getByText('3', { exact: true }).waitFor();
  await rows.filter({ hasText: 'Standing desk' }).getByText('Purchases', { exact: true }).waitFor();
  await ada.getByTestId('inbox-app').click();
  await ada.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'Purchases (1)' }).click();
  await ada.waitForURL(/[?&]app=/);
  await ada.getByTestId('inbox-link').filter({ hasText: 'Trip to Shenzhen' }).waitFor({ state: 'detached' });
  await link.waitFor();
  assert.equal(await rows.count(), 1);
  // The inbox names the request by its serial and title, though the app is not hers.
  assert.match(await link.innerText(), /^PR-\d{4} Standing desk · Approval$/);
  await link.click();
  await ada.getByTestId('record-title').getByText('Standing desk').waitFor();
  await ada.getByTestId('record-fields').getByText('Rita Requester').or(ada.getByTestId('record-fields').getByText('Ada Approver')).first().waitFor();
  assert.equal(await ada.getByText('You do not have permission').count(), 0);
  await ada.getByTestId('action-approve').click();
  const dialog = await openedDialog(ada, 'Approve');
  await dialog.getByLabel('Opinion', { exact: true }).fill('Fine by me.');
  // Her step asks for the signed quote too: she uploads it, though no role of hers writes requests.
  await dialog.getByTestId('files-quote').locator('input[type=file]').setInputFiles({ name: 'signed-quote.pdf', mimeType: 'application/pdf', buffer: PDF });
  await dialog.getByTestId('files-item').getByText('signed-quote.pdf').waitFor();
  await dialog.getByTestId('action-ok').click();
  await dialog.waitFor({ state: 'hidden' });
  await ada.getByTestId('pipeline-panel').getByText('Approved').first().waitFor();
  await ada.getByTestId('record-fields').getByText('Fine by me.').waitFor();
  assert.equal(await ada.getByTestId('attachment-pdf').innerText(), 'signed-quote.pdf');
  // Her next to-do is offered where she acted: the travel requests wait, newest first.
  const bar = ada.getByTestId('next-todo');
  await bar.getByText('Done. 2 more to-dos wait for you:').waitFor();
  // The header's inbox count follows at once, on the same page.
  await ada.getByTestId('nav-inbox').locator('.ant-badge').getByText('2', { exact: true }).waitFor();
  assert.match(await bar.innerText(), /Visa for the fair · Approval/);
  await bar.getByTestId('next-todo-open').click();
  await ada.getByTestId('record-title').getByText('Visa for the fair').waitFor();
  assert.equal(await ada.getByTestId('next-todo').count(), 0, 'the offer is gone on the next record');
});

e2eTest('a member the run copies opens the request from her CC box', async ({ newPage }) => {
  assert.ok(world.rec, 'the first test ran the request through');
  const cleo = await newPage();
  await signIn(cleo, world.people.copied, PASSWORD);
  await cleo.goto(`/w/${encodeURIComponent(world.ws)}/inbox/cc`);
  const link = cleo.getByTestId('inbox-link').filter({ hasText: 'Standing desk' });
  await link.click();
  await cleo.getByTestId('record-title').getByText('Standing desk').waitFor();
  await cleo.getByTestId('record-fields').getByText('Fine by me.').waitFor();
  await cleo.getByTestId('pipeline-panel').getByText('Approved').first().waitFor();
  // She holds no grant: nothing to edit or delete.
  assert.equal(await cleo.getByTestId('edit-record').count(), 0);
  assert.equal(await cleo.getByTestId('delete-record').count(), 0);
});
