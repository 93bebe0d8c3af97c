// An admin draws the contract approval flow in the flow designer, starting from a form with
// no flow: supervisor (department head), legal ∥ finance each editing only its own section,
// director, 2-working-day deadlines that return to the supervisor when missed. The admin
// publishes it and tries it with a sample contract; then members who are not admins (roles
// given through the API) take a real contract through it, asked exactly as the try-it said.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csrfToken, openedDialog, setupE2E, signIn } from './browser.mjs';

const { cfg, e2eTest } = setupE2E();
const here = path.dirname(fileURLToPath(import.meta.url));

/** pick opens an antd select and chooses the option with that text. */
async function pick(page, select, text) {
  await select.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

e2eTest('admin draws the contract flow, tries it, and members take a contract through it', async ({ newPage }) => {
  const page = await newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const api = async (method, url, data) => {
    const res = await page.request.fetch(`/api/v1${url}`, { method, data, headers: { 'X-CSRF-Token': await csrfToken(page) } });
    const body = await res.text();
    assert.ok(res.ok(), `${method} ${url}: ${res.status()} ${body}`);
    return body ? JSON.parse(body) : undefined;
  };

  // The contract app's forms, roles and permissions, without any flow.
  const ws = (await api('POST', '/workspaces', { name: 'Flows' })).id;
  const starter = JSON.parse(readFileSync(path.join(here, '../../templates/starter/contract-approval.json'), 'utf8'));
  const definition = { key: 'contracts', name: starter.name, forms: starter.forms, roles: starter.roles, permissions: starter.permissions };
  const app = (await api('POST', `/workspaces/${ws}/apps`, { definition })).id;

  // People: sam (applicant) in Sales, headed by sue; lea legal, fin finance, dan director.
  const people = {};
  for (const [name, role] of [['sam', 'applicant'], ['sue', undefined], ['lea', 'legal'], ['fin', 'finance'], ['dan', 'director']]) {
    const m = await api('POST', `/workspaces/${ws}/members`, { email: `${name}@flow.test`, name: name[0].toUpperCase() + name.slice(1) });
    people[name] = { id: m.member.userId, token: m.setup.token, role };
  }
  const dept = await api('POST', `/workspaces/${ws}/departments`, { name: 'Sales', head: people.sue.id });
  for (const name of ['sam', 'sue']) await api('PATCH', `/workspaces/${ws}/members/${people[name].id}`, { departments: [dept.id] });
  for (const p of Object.values(people)) if (p.role) await api('POST', `/workspaces/${ws}/apps/${app}/roles/${p.role}/assignees`, { user: p.id });

  // The flow tab offers to add a flow for the contract form; it starts as start → end.
  await page.goto(`/w/${ws}/apps/${app}/design/flow`);
  await page.getByTestId('flow-designer').waitFor();
  await pick(page, page.getByTestId('flow-new-form'), 'Contract');
  await page.getByTestId('flow-add-pipeline').click();
  await page.getByTestId('flow-node-start').waitFor();
  await page.getByTestId('flow-node-end').waitFor();

  const insert = async (from, to, type) => {
    await page.getByTestId(`flow-plus-${from}-${to}`).click();
    await page.getByTestId(`flow-insert-${type}`).click();
  };
  const panel = page.getByTestId('flow-panel');
  const name = async (zh, en) => {
    await panel.getByTestId('flow-name-zh').fill(zh);
    await panel.getByTestId('flow-name-en').fill(en);
  };
  const twoDays = async (returnTo) => {
    await panel.getByTestId('flow-deadline-after').click();
    await panel.getByTestId('flow-deadline-after-n').locator('input').fill('2');
    await panel.getByTestId('flow-deadline-after-n').locator('input').blur();
    if (returnTo) {
      await pick(page, panel.getByTestId('flow-ondue'), 'Return');
      await pick(page, panel.getByTestId('flow-ondue-return'), returnTo);
    }
  };
  const role = async (label) => {
    await pick(page, panel.getByTestId('flow-assignees-type-0'), 'Role');
    await pick(page, panel.getByTestId('flow-assignees-role-0'), label);
  };

  // Supervisor: the submitter's department head.
  await insert('start', 'end', 'approval');
  await panel.getByTestId('flow-panel-approval_1').waitFor();
  await name('主管审核', 'Supervisor');
  await pick(page, panel.getByTestId('flow-assignees-type-0'), 'Department head');
  await twoDays();
  await page.getByTestId('flow-node-approval_1').getByText('Department head').waitFor();

  // Legal ∥ finance: a parallel split with two approvals and their join.
  await insert('approval_1', 'end', 'parallel');
  await page.getByTestId('flow-node-join_1').waitFor();
  await page.getByTestId('flow-node-approval_2').click();
  await name('法务审核', 'Legal review');
  await role('Legal');
  await panel.getByTestId('flow-field-legalRisk-required').click();
  await panel.getByTestId('flow-field-legalOpinion-required').click();
  await twoDays('Supervisor');
  await page.getByTestId('flow-node-approval_3').click();
  await name('财务审核', 'Finance review');
  await role('Finance');
  await panel.getByTestId('flow-field-paymentTerms-required').click();
  await panel.getByTestId('flow-field-financeOpinion-required').click();
  await twoDays('Supervisor');

  // Director after the join.
  await insert('join_1', 'end', 'approval');
  await panel.getByTestId('flow-panel-approval_4').waitFor();
  await name('总监审批', 'Director');
  await role('Director');
  await twoDays();
  await page.getByTestId('flow-node-approval_4').getByText('2 working days after start').waitFor();

  // Undo takes the director's deadline back, redo restores it.
  await page.getByTestId('designer-undo').click();
  await page.getByTestId('flow-node-approval_4').getByText('2 working days after start').waitFor({ state: 'detached' });
  await page.getByTestId('designer-redo').click();
  await page.getByTestId('flow-node-approval_4').getByText('2 working days after start').waitFor();
  if (process.env.FORMLOOM_E2E_ARTIFACTS) {
    await page.screenshot({ path: `${process.env.FORMLOOM_E2E_ARTIFACTS}/flow-designer.png` }).catch(() => undefined);
  }

  // Saved and published.
  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
  await page.getByTestId('designer-publish').click();
  const published = await openedDialog(page, /Version 2 published/);
  await published.getByRole('button', { name: 'OK' }).click();

  // The saved flow is what was drawn.
  const saved = (await api('GET', `/workspaces/${ws}/apps/${app}/versions/2`)).pipelines[0];
  const byKey = Object.fromEntries(saved.nodes.map((n) => [n.key, n]));
  assert.deepEqual(saved.edges.map((e) => `${e.from}>${e.to}`).sort(), ['approval_1>parallel_1', 'approval_2>join_1', 'approval_3>join_1', 'approval_4>end', 'join_1>approval_4', 'parallel_1>approval_2', 'parallel_1>approval_3', 'start>approval_1'].sort());
  assert.deepEqual(byKey.approval_2.fields, { legalRisk: 'required', legalOpinion: 'required' });
  assert.deepEqual(byKey.approval_3.fields, { paymentTerms: 'required', financeOpinion: 'required' });
  assert.deepEqual(byKey.approval_2.deadline, { after: { workingDays: 2 }, onDue: { action: 'return', returnTo: 'approval_1' } });
  assert.deepEqual(byKey.approval_1.assignees, [{ type: 'departmentHead' }]);

  // Try it: a contract submitted by sam, on the published version.
  await page.getByTestId('flow-try').click();
  const drawer = page.getByTestId('flow-simulate');
  await drawer.getByText('The published version v2').click();
  await pick(page, drawer.getByTestId('flow-simulate-submitter'), 'Sam');
  await drawer.getByTestId('flow-sample-amount').locator('input').fill('120000');
  await drawer.getByTestId('flow-simulate-run').click();
  const asked = {};
  for (const [node, who] of [['approval_1', 'Sue'], ['approval_2', 'Lea'], ['approval_3', 'Fin'], ['approval_4', 'Dan']]) {
    asked[node] = (await drawer.getByTestId(`flow-sim-asked-${node}`).textContent()).trim();
    assert.equal(asked[node], who, `try-it asks ${asked[node]} at ${node}`);
  }
  await drawer.getByTestId('flow-sim-outcome').waitFor();

  // Members take a real contract through it, each signed in as themself.
  const sessions = {};
  for (const [n, p] of Object.entries(people)) {
    const member = await newPage();
    const res = await member.request.post('/api/v1/auth/setup', { data: { token: p.token, password: `${n}-secret-pass` } });
    assert.equal(res.status(), 200, await res.text());
    const csrf = (await res.json()).csrfToken;
    sessions[n] = async (method, url, data) => {
      const r = await member.request.fetch(`/api/v1${url}`, { method, data, headers: { 'X-CSRF-Token': csrf } });
      return { status: r.status(), body: await r.json().catch(() => ({})) };
    };
  }
  const records = `/workspaces/${ws}/apps/${app}/forms/contract/records`;
  const created = await sessions.sam('POST', records, { title: '年度框架协议', type: 'sales', counterparty: 'Acme', amount: 120000 });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const rec = `${records}/${created.body.id}`;
  const taskPeople = (r, node) => r.flow.active.filter((a) => a.node === node).flatMap((a) => a.tasks.map((t) => t.assignee));
  assert.deepEqual(taskPeople(created.body, 'approval_1'), [people.sue.id]);

  let r = await sessions.sue('POST', `${rec}/actions/approve`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(taskPeople(r.body, 'approval_2'), [people.lea.id]);
  assert.deepEqual(taskPeople(r.body, 'approval_3'), [people.fin.id]);
  // Legal edits only its own section.
  r = await sessions.lea('POST', `${rec}/actions/approve`, { data: { legalRisk: 'low', legalOpinion: '无异议', financeOpinion: 'x' } });
  assert.equal(r.status, 403, JSON.stringify(r.body));
  r = await sessions.lea('POST', `${rec}/actions/approve`, { data: { legalRisk: 'low', legalOpinion: '无异议' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await sessions.fin('POST', `${rec}/actions/approve`, { data: { paymentTerms: 'monthly', financeOpinion: '预算充足' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(taskPeople(r.body, 'approval_4'), [people.dan.id]);
  r = await sessions.dan('POST', `${rec}/actions/approve`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.flow.status, 'approved');
});
