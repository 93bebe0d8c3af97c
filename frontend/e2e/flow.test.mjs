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
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
  await option.click();
  // On a loaded machine the click can land while the list is still sliding in and choose
  // nothing (the list stays open, the select unchanged): choose again, once.
  if (!(await select.innerText()).includes(text) && (await option.isVisible())) await option.click();
}

/** What the tests hand on: the workspace, the app and the people (each test continues the one before). */
let ws = '';
let app = '';
/** @type {Record<string, { id: string, token: string, role?: string }>} */
const people = {};
/** Whom the try-it panel named at each node (by name). */
const tried = {};

/** adminPage signs the admin in and gives the page with an API caller using its session. */
async function adminPage(newPage) {
  const page = await newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const csrf = await csrfToken(page);
  const api = async (method, url, data) => {
    const res = await page.request.fetch(`/api/v1${url}`, { method, data, headers: { 'X-CSRF-Token': csrf } });
    const body = await res.text();
    assert.ok(res.ok(), `${method} ${url}: ${res.status()} ${body}`);
    return body ? JSON.parse(body) : undefined;
  };
  return { page, api };
}

/** Designer helpers on a page showing the flow tab. */
function designer(page) {
  const panel = page.getByTestId('flow-panel');
  return {
    panel,
    insert: async (from, to, type) => {
      await page.getByTestId(`flow-plus-${from}-${to}`).click();
      await page.getByTestId(`flow-insert-${type}`).click();
    },
    name: async (zh, en) => {
      await panel.getByTestId('flow-name-zh').fill(zh);
      await panel.getByTestId('flow-name-en').fill(en);
    },
    twoDays: async (returnTo) => {
      await panel.getByTestId('flow-deadline-after').click();
      await panel.getByTestId('flow-deadline-after-n').fill('2');
      await panel.getByTestId('flow-deadline-after-n').blur();
      if (returnTo) {
        await pick(page, panel.getByTestId('flow-ondue'), 'Return');
        await pick(page, panel.getByTestId('flow-ondue-return'), returnTo);
      }
    },
    role: async (label) => {
      // A new approval starts with no approver: the first rule is added, a role to choose.
      if ((await panel.getByTestId('flow-assignees-role-0').count()) === 0) await panel.getByTestId('flow-assignees-add').click();
      await pick(page, panel.getByTestId('flow-assignees-role-0'), label);
    },
  };
}

e2eTest('admin adds a flow to a form without one and draws the supervisor step', async ({ newPage }) => {
  const { page, api } = await adminPage(newPage);

  // The contract app's forms, roles and permissions, without any flow.
  ws = (await api('POST', '/workspaces', { name: 'Flows' })).id;
  const starter = JSON.parse(readFileSync(path.join(here, '../../templates/starter/contract-approval.json'), 'utf8'));
  const definition = { key: 'contracts', name: starter.name, forms: starter.forms, roles: starter.roles, permissions: starter.permissions };
  app = (await api('POST', `/workspaces/${ws}/apps`, { definition })).id;

  // People: sam (applicant) in Sales, headed by sue; lea legal, fin finance, dan director.
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

  const { panel, insert, name, twoDays } = designer(page);

  // Supervisor: the submitter's department head.
  await insert('start', 'end', 'approval');
  await panel.getByTestId('flow-panel-approval_1').waitFor();
  await name('主管审核', 'Supervisor');
  // Nobody approves yet: saving now is refused, on the step.
  await page.getByTestId('designer-save').click();
  await page.getByTestId('designer-problems').getByText('at least one assignee', { exact: false }).waitFor();
  await panel.getByTestId('flow-assignees-add').click();
  await pick(page, panel.getByTestId('flow-assignees-type-0'), 'Department head');
  await twoDays();
  await page.getByTestId('flow-node-approval_1').getByText('Department head').waitFor();
  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
});

e2eTest('admin adds legal ∥ finance as a parallel split', async ({ newPage }) => {
  // Meanwhile the members set their passwords: they become active members.
  for (const [n, p] of Object.entries(people)) {
    // Plain fetch: no browser context is needed, and the admin's session is left alone.
    const res = await fetch(`${cfg.url}/api/v1/auth/setup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: p.token, password: `${n}-secret-pass` }) });
    assert.equal(res.status, 200, await res.text());
  }
  const { page } = await adminPage(newPage);
  await page.goto(`/w/${ws}/apps/${app}/design/flow`);
  await page.getByTestId('flow-node-approval_1').waitFor();
  const { insert, role } = designer(page);

  // Legal ∥ finance: a parallel split with two approvals and their join. Its approvals have
  // nobody to ask yet, so the draft is refused until each has its role.
  await insert('approval_1', 'end', 'parallel');
  await page.getByTestId('flow-node-join_1').waitFor();
  await page.getByTestId('designer-save').click();
  await page.getByTestId('designer-problems').getByText('at least one assignee', { exact: false }).first().waitFor();
  await page.getByTestId('flow-node-approval_2').click();
  await role('Legal');
  await page.getByTestId('flow-node-approval_3').click();
  await role('Finance');
  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
});

e2eTest('admin sets up legal, editing only its own section', async ({ newPage }) => {
  const { page } = await adminPage(newPage);
  await page.goto(`/w/${ws}/apps/${app}/design/flow`);
  const { panel, name, twoDays, role } = designer(page);
  await page.getByTestId('flow-node-approval_2').click();
  await name('法务审核', 'Legal review');
  await role('Legal');
  await panel.getByTestId('flow-field-legalRisk-required').click();
  await panel.getByTestId('flow-field-legalOpinion-required').click();
  await twoDays('Supervisor');
  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
});

e2eTest('admin sets up finance, editing only its own section', async ({ newPage }) => {
  const { page } = await adminPage(newPage);
  await page.goto(`/w/${ws}/apps/${app}/design/flow`);
  const { panel, name, twoDays, role } = designer(page);
  await page.getByTestId('flow-node-approval_3').click();
  await name('财务审核', 'Finance review');
  await role('Finance');
  await panel.getByTestId('flow-field-paymentTerms-required').click();
  await panel.getByTestId('flow-field-financeOpinion-required').click();
  await twoDays('Supervisor');

  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
});

e2eTest('admin adds the director, undoes and redoes, publishes; the version holds what was drawn', async ({ newPage }) => {
  const { page, api } = await adminPage(newPage);
  await page.goto(`/w/${ws}/apps/${app}/design/flow`);
  await page.getByTestId('flow-node-join_1').waitFor();
  const { panel, insert, name, twoDays, role } = designer(page);

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
  await page.getByTestId('publish-dialog').getByText(/is added/).first().waitFor(); // the dialog says the new flow in words first
  await page.getByTestId('publish-confirm').click();
  const published = await openedDialog(page, /Version 2 published/, { timeout: 30_000 }) // a publish compiles and indexes the app;
  await published.getByRole('button', { name: 'OK' }).click();

  // The saved flow is what was drawn.
  const saved = (await api('GET', `/workspaces/${ws}/apps/${app}/versions/2`)).pipelines[0];
  const byKey = Object.fromEntries(saved.nodes.map((n) => [n.key, n]));
  assert.deepEqual(saved.edges.map((e) => `${e.from}>${e.to}`).sort(), ['approval_1>parallel_1', 'approval_2>join_1', 'approval_3>join_1', 'approval_4>end', 'join_1>approval_4', 'parallel_1>approval_2', 'parallel_1>approval_3', 'start>approval_1'].sort());
  assert.deepEqual(byKey.approval_2.fields, { legalRisk: 'required', legalOpinion: 'required' });
  assert.deepEqual(byKey.approval_3.fields, { paymentTerms: 'required', financeOpinion: 'required' });
  assert.deepEqual(byKey.approval_2.deadline, { after: { workingDays: 2 }, onDue: { action: 'return', returnTo: 'approval_1' } });
  assert.deepEqual(byKey.approval_1.assignees, [{ type: 'departmentHead' }]);

});

e2eTest('the try-it panel names who would be asked, and members are asked just so in a real run', async ({ newPage }) => {
  const { page } = await adminPage(newPage);

  await page.goto(`/w/${ws}/apps/${app}/design/flow`);
  await page.getByTestId('flow-node-approval_4').waitFor();

  // Try it: a contract submitted by sam, on the published version.
  await page.getByTestId('flow-try').click();
  const drawer = page.getByTestId('flow-simulate');
  await drawer.getByText('The published version v2').click();
  await pick(page, drawer.getByTestId('flow-simulate-submitter'), 'Sam');
  await drawer.getByTestId('flow-sample-amount').locator('input').fill('120000');
  await drawer.getByTestId('flow-simulate-run').click();
  const asked = tried;
  for (const [node, who] of [['approval_1', 'Sue'], ['approval_2', 'Lea'], ['approval_3', 'Fin'], ['approval_4', 'Dan']]) {
    asked[node] = (await drawer.getByTestId(`flow-sim-asked-${node}`).textContent()).trim();
    assert.equal(asked[node], who, `try-it asks ${asked[node]} at ${node}`);
  }
  await drawer.getByTestId('flow-sim-outcome').waitFor();

});

e2eTest('members who are not admins take a contract through the flow, asked as the try-it said', async ({ newPage }) => {
  const sessions = {};
  for (const [n] of Object.entries(people)) {
    const member = await newPage();
    const res = await member.request.post('/api/v1/auth/login', { data: { email: `${n}@flow.test`, password: `${n}-secret-pass` } });
    assert.equal(res.status(), 200, await res.text());
    const csrf = (await res.json()).csrfToken;
    sessions[n] = async (method, url, data) => {
      const r = await member.request.fetch(`/api/v1${url}`, { method, data, headers: { 'X-CSRF-Token': csrf } });
      return { status: r.status(), body: await r.json().catch(() => ({})) };
    };
  }
  // The people the try-it panel named are the ones the run asks.
  const asked = (node) => [people[tried[node].toLowerCase()].id];
  // Members take a real contract through it.
  const records = `/workspaces/${ws}/apps/${app}/forms/contract/records`;
  const created = await sessions.sam('POST', records, { title: '年度框架协议', type: 'sales', counterparty: 'Acme', amount: 120000 });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const rec = `${records}/${created.body.id}`;
  const taskPeople = (r, node) => r.flow.active.filter((a) => a.node === node).flatMap((a) => a.tasks.map((t) => t.assignee));
  assert.deepEqual(taskPeople(created.body, 'approval_1'), asked('approval_1'));

  let r = await sessions.sue('POST', `${rec}/actions/approve`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(taskPeople(r.body, 'approval_2'), asked('approval_2'));
  assert.deepEqual(taskPeople(r.body, 'approval_3'), asked('approval_3'));
  // Legal edits only its own section.
  r = await sessions.lea('POST', `${rec}/actions/approve`, { data: { legalRisk: 'low', legalOpinion: '无异议', financeOpinion: 'x' } });
  assert.equal(r.status, 403, JSON.stringify(r.body));
  r = await sessions.lea('POST', `${rec}/actions/approve`, { data: { legalRisk: 'low', legalOpinion: '无异议' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await sessions.fin('POST', `${rec}/actions/approve`, { data: { paymentTerms: 'monthly', financeOpinion: '预算充足' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(taskPeople(r.body, 'approval_4'), asked('approval_4'));
  r = await sessions.dan('POST', `${rec}/actions/approve`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.flow.status, 'approved');
});
