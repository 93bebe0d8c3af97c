// An admin staffs and configures the installed contract approval through the app designer:
// gives two colleagues the 法务 (legal) and 财务 (finance) roles, hides the amount from
// legal in the permission matrix and checks it with explain, creates a kanban view for legal,
// a dashboard with a bar chart by month, and an automation that creates a follow-up record
// when a contract's approval finishes. Then 李娜 (legal, not an admin) sees what the matrix
// says, moves a kanban card and narrows the dashboard to a date range, and the automation's
// record appears once a contract is approved.
import assert from 'node:assert/strict';
import { csrfToken, openedDialog, setupE2E, signIn } from './browser.mjs';

const { cfg, e2eTest } = setupE2E();

const lina = { email: 'lina@example.com', name: '李娜', password: 'lina-secret-1' };
const wang = { email: 'wangqiang@example.com', name: '王强', password: 'wang-secret-1' };

const post = async (p, url, data, token) => {
  const r = await p.request.post(url, { data, headers: { 'X-CSRF-Token': token } });
  assert.ok(r.ok(), `${url}: ${r.status()} ${await r.text()}`);
  return r.json();
};

/** Shared by the tests below, which continue one another. */
let ws = '';
let app = '';
let appApi = '';

e2eTest('admin gives two colleagues the legal and finance roles in the designer', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const csrf = await csrfToken(page);

  // Setup through the API: a workspace, two invited colleagues, the contract approval with its
  // sample records, and a follow-up form for the automation to fill.
  ws = (await post(page, '/api/v1/workspaces', { name: 'Contracts' }, csrf)).id;
  const invites = [];
  for (const who of [lina, wang]) invites.push(await post(page, `/api/v1/workspaces/${ws}/members`, { email: who.email, name: who.name, role: 'member', departments: [] }, csrf));
  app = (await post(page, `/api/v1/workspaces/${ws}/apps`, { template: 'contract-approval', sampleData: true }, csrf)).id;
  appApi = `/api/v1/workspaces/${ws}/apps/${app}`;
  const draft = await (await page.request.get(`${appApi}/draft`)).json();
  draft.forms.push({
    key: 'followup',
    name: { 'zh-CN': '合同跟进', en: 'Follow-up' },
    schema: { type: 'object', properties: { title: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '跟进事项', en: 'Follow-up' } } } } },
  });
  const saved = await page.request.put(`${appApi}/draft`, { data: draft, headers: { 'X-CSRF-Token': csrf } });
  assert.ok(saved.ok(), await saved.text());
  await post(page, `${appApi}/publish`, undefined, csrf);
  // Both colleagues accept their invitations.
  for (const [inv, who] of [[invites[0], lina], [invites[1], wang]]) {
    const p = await newPage();
    const r = await p.request.post('/api/v1/auth/setup', { data: { token: inv.setup.token, password: who.password } });
    assert.ok(r.ok(), await r.text());
  }

  // Roles and people: 李娜 gets 法务, 王强 gets 财务, through the designer.
  await page.goto(`/w/${ws}/apps/${app}/design/permissions`);
  const giveRole = async (role, who) => {
    await page.getByTestId(`role-${role}`).click();
    const holders = page.getByTestId('role-holders');
    await holders.getByTestId('holder-member').click();
    await page.locator('.ant-select-dropdown:visible').getByText(`${who.name} (${who.email})`).click();
    await holders.getByTestId('holder-add-member').click();
    await holders.getByTestId('role-holder').filter({ hasText: who.name }).waitFor();
  };
  await giveRole('legal', lina);
  await giveRole('finance', wang);
});

e2eTest('admin hides the amount from legal, adds a view, a dashboard and an automation, and publishes', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  await page.goto(`/w/${ws}/apps/${app}/design/permissions`);

  // The matrix: legal may also update contracts (to move cards), and does not see the amount.
  await page.getByTestId('role-legal').click();
  await page.getByTestId('tab-matrix').click();
  const cell = page.getByTestId('perm-form-contract');
  await cell.getByTestId('perm-action-update').check();
  await cell.getByTestId('perm-field-access-amount').getByText('Hidden').click();

  // A kanban view by contract type, for legal only.
  await page.getByTestId('designer-part-views').click();
  await page.getByTestId('view-add').click();
  const addView = await openedDialog(page, 'Add view');
  await addView.getByTestId('view-new-name').fill('法务看板');
  await addView.getByRole('button', { name: 'OK' }).click();
  const editor = page.getByTestId('view-editor');
  await editor.getByTestId('view-layout').getByText('Kanban').click();
  await editor.getByTestId('view-roles').click();
  await page.locator('.ant-select-dropdown:visible').getByText('Legal', { exact: true }).click();

  // A dashboard with a bar chart of contracts by month of creation.
  await page.getByTestId('designer-part-dashboards').click();
  await page.getByTestId('dashboard-add').click();
  await page.getByTestId('widget-add').click();
  const settings = page.getByTestId('widget-settings');
  await settings.getByTestId('widget-group').click();
  await page.keyboard.type('Created');
  await page.locator('.ant-select-dropdown:visible').getByText('Created', { exact: true }).click();
  await settings.getByTestId('widget-bucket').getByText('Month').waitFor();
  await page.getByTestId('dashboard-grid').locator('.react-grid-item').first().waitFor();

  // An automation: when the approval finishes, create a follow-up named after the contract.
  await page.getByTestId('designer-part-automations').click();
  await page.getByTestId('automation-add').click();
  const addAuto = await openedDialog(page, 'Add automation');
  await addAuto.getByTestId('automation-new-name').fill('合同通过后跟进');
  await addAuto.getByRole('button', { name: 'OK' }).click();
  const auto = page.getByTestId('automation-editor');
  await auto.getByTestId('automation-event').click();
  await page.locator('.ant-select-dropdown:visible').getByText('Pipeline finished').click();
  await auto.getByTestId('action-add').click();
  await page.getByTestId('action-add-createRecords').click();
  await auto.getByTestId('action-1').getByTestId('map-source-title').click();
  await page.locator('.ant-select-dropdown:visible').getByText('Title', { exact: true }).click();
  await auto.getByTestId('action-0').getByRole('button', { name: 'Remove' }).click();
  await auto.getByTestId('action-1').waitFor({ state: 'detached' });

  // The server accepts the whole draft; publishing puts it in force.
  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
  await page.getByTestId('designer-publish').click();
  await page.getByTestId('publish-confirm').click();
  const result = await openedDialog(page, /Version \d+ published/);
  await result.getByRole('button', { name: 'OK' }).click();

});

e2eTest('explain checks the published matrix on 李娜: the amount is hidden from her', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  await page.goto(`/w/${ws}/apps/${app}/design/permissions`);
  await page.getByTestId('tab-explain').click();
  const explain = page.getByTestId('explain');
  await explain.getByTestId('explain-member').click();
  await page.locator('.ant-select-dropdown:visible').getByText(`${lina.name} (${lina.email})`).click();
  await explain.getByTestId('explain-field').click();
  await page.keyboard.type('Amount');
  await page.locator('.ant-select-dropdown:visible').getByText('Amount', { exact: true }).click();
  await explain.getByTestId('explain-ask').click();
  await explain.getByTestId('explain-field-answer').getByText('Hidden', { exact: true }).waitFor();
  await explain.getByTestId('explain-action-update').getByText('allowed', { exact: false }).waitFor();
  if (cfg.artifacts) await page.screenshot({ path: `${cfg.artifacts}/app-parts-explain.png`, fullPage: true }).catch(() => undefined);

});

e2eTest('李娜 (legal) sees what the matrix says, moves a card, and the automation creates its record', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const csrf = await csrfToken(page);
  const member = await newPage();
  const finance = await newPage();
  await signIn(member, lina.email, lina.password);
  const lcsrf = await csrfToken(member);
  // What the matrix says, through the API the pages use: her board is listed, the amount is
  // in no column, record or list of hers.
  const views = (await (await member.request.get(`${appApi}/views`)).json()).items.map((v) => v.key);
  assert.ok(views.includes('view6'), `legal's board is listed: ${views}`);
  const board = await (await member.request.get(`${appApi}/views/view6/records?group=other`)).json();
  assert.ok(!board.columns.includes('amount'), `columns ${board.columns}`);
  // A card not yet submitted: a record in its approval changes only through its steps.
  const card = board.items.find((c) => !c.flow || c.flow.status === 'draft');
  assert.ok(card && !('amount' in card.data), 'the amount is hidden from legal');
  // The move a kanban drop makes: the type changes with the card's version.
  const moved = await member.request.patch(`${appApi}/forms/contract/records/${card.id}`, {
    data: { type: 'purchase' },
    headers: { 'X-CSRF-Token': lcsrf, 'If-Match': String(card.version) },
  });
  assert.equal(moved.status(), 200, await moved.text());
  const stale = await member.request.patch(`${appApi}/forms/contract/records/${card.id}`, {
    data: { type: 'other' },
    headers: { 'X-CSRF-Token': lcsrf, 'If-Match': String(card.version) },
  });
  assert.equal(stale.status(), 412, 'a stale card is refused and snaps back');
  const dash = await member.request.get(`${appApi}/dashboards/dashboard2/data?from=2000-01-01&to=2000-01-31`);
  assert.equal(dash.status(), 200, await dash.text());

  // A contract goes through the whole approval; the automation then creates its follow-up.
  await signIn(finance, wang.email, wang.password);
  const fcsrf = await csrfToken(finance);
  const form = `${appApi}/forms/contract/records`;
  const rec = await post(page, form, { title: '年度服务合同', type: 'service', counterparty: '禾丰', amount: 1000 }, csrf);
  const act = (p, token, action, data) => post(p, `${form}/${rec.id}/actions/${action}`, data, token);
  await act(page, csrf, 'approve', {});
  await act(member, lcsrf, 'approve', { data: { legalRisk: 'low', legalOpinion: '无异议' } });
  await act(finance, fcsrf, 'approve', { data: { paymentTerms: 'prepaid', financeOpinion: '同意' } });
  await act(page, csrf, 'approve', {});
  let items = [];
  for (let i = 0; i < 60 && items.length === 0; i++) {
    const r = await page.request.get(`${appApi}/forms/followup/records`);
    items = (await r.json()).items ?? [];
    if (items.length === 0) await new Promise((res) => setTimeout(res, 250));
  }
  assert.equal(items[0]?.data?.title, '年度服务合同');

  // The admin finds the run in the automation's history (运行记录), succeeded.
  await page.goto(`/w/${ws}/apps/${app}/design/automations`);
  await page.getByText('合同通过后跟进').first().click();
  const runs = page.getByTestId('automation-runs');
  await runs.getByTestId('automation-run-ok').first().waitFor();
  await runs.getByText('Create records · done').first().waitFor();
  if (cfg.artifacts) {
    await page.setViewportSize({ width: 1440, height: 900 });
    await runs.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${cfg.artifacts}/app-parts-runs.png` }).catch(() => undefined);
    await page.setViewportSize({ width: 390, height: 844 });
    await runs.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${cfg.artifacts}/app-parts-runs-phone.png` }).catch(() => undefined);
  }
});
