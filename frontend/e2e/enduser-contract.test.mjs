// Contract approval walked from start to end in the browser by five members, none of them an
// owner or admin, each holding only the app role their step needs (given through the API):
// the submitter fills the start step's fields (applicant and department already hers); the supervisor approves on a 390×844 phone
// (no sideways scroll, the action buttons on screen); legal approves from the inbox in bulk,
// asked once for the step's required fields; finance approves on the record page filling its
// fields; the director signs on the pad of his approval, which ends the run.
import assert from 'node:assert/strict';
import { openedDialog, setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const PASSWORD = 'member-password-1';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The workspace, the app and the five people, made by the admin through the API. */
const world = { ws: '', app: '', people: /** @type {Record<string, string>} */ ({}) };

/** setUp: a workspace with a sales department headed by the supervisor, five members with passwords, contract approval installed, one role each — through the API. */
async function setUp() {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Contracts for members' })).id;
  const sales = (await call('POST', `/workspaces/${ws}/departments`, { name: 'Sales' })).id;
  const people = {};
  for (const [who, name] of [
    ['submitter', 'Sam Submitter'],
    ['supervisor', 'Sue Supervisor'],
    ['legal', 'Lena Legal'],
    ['finance', 'Fay Finance'],
    ['director', 'Dan Director'],
  ]) {
    const email = `${who}-${Date.now()}@formloom.test`;
    const departments = who === 'submitter' || who === 'supervisor' ? [sales] : [];
    people[`${who}Id`] = await addMember(cfg.url, call, ws, { email, name, departments }, PASSWORD);
    people[who] = email;
  }
  await call('PATCH', `/workspaces/${ws}/departments/${sales}`, { head: people.supervisorId });
  const app = (await call('POST', `/workspaces/${ws}/apps`, { template: 'contract-approval' })).id;
  for (const [role, who] of [
    ['applicant', 'submitter'],
    ['supervisor', 'supervisor'],
    ['legal', 'legal'],
    ['finance', 'finance'],
    ['director', 'director'],
  ]) {
    await call('POST', `/workspaces/${ws}/apps/${app}/roles/${role}/assignees`, { user: people[`${who}Id`] });
  }
  Object.assign(world, { ws, app, people });
}

/** memberPage signs a member in, on a desktop or a phone. */
async function memberPage(newPage, who, opts = {}) {
  const page = await newPage(opts);
  await signIn(page, world.people[who], PASSWORD);
  return page;
}

/** openFromInbox opens the to-do whose title names the contract and the step. */
async function openFromInbox(page, step) {
  await page.goto(`/w/${encodeURIComponent(world.ws)}/inbox`);
  const link = page.getByTestId('inbox-link').filter({ hasText: 'Cashier system for Hefeng' }).filter({ hasText: step });
  await link.waitFor();
  // The title carries the serial number: "HT-2026-0001 … · step" in a row, above the title on a phone's card.
  const onCard = (await page.getByTestId('inbox-cards').count()) > 0;
  assert.match(await link.innerText(), onCard ? / · HT-\d{4}-\d{4}\s/ : /^HT-\d{4}-\d{4} Cashier system for Hefeng · /);
  await link.click();
  await page.getByTestId('record-title').getByText('Cashier system for Hefeng').waitFor();
}

/** pick chooses an option of the antd select labelled label. */
async function pick(page, scope, label, option) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

e2eTest('contract approval: the submitter fills the start step', async ({ newPage }) => {
  await setUp();

  // The submitter sees the app, and the new-contract form holds only the start step's fields.
  const sam = await memberPage(newPage, 'submitter');
  await sam.goto(`/w/${encodeURIComponent(world.ws)}/apps/${world.app}`);
  await sam.getByTestId('app-name').getByText('Contract approval').waitFor();
  await sam.getByTestId('new-record').click();
  const drawer = sam.getByRole('dialog', { name: 'New Contract' });
  // The applicant starts as the member filling the form, the department as hers (当前用户, 当前用户所在部门).
  const chosen = (key) => drawer.locator('.ant-select', { has: sam.locator(`#root_${key}`) }).locator('.ant-select-selection-item');
  await chosen('applicant').filter({ hasText: 'Sam Submitter' }).waitFor();
  await chosen('applicantDept').filter({ hasText: 'Sales' }).waitFor();
  await drawer.getByLabel('Title', { exact: true }).fill('Cashier system for Hefeng');
  assert.equal(await drawer.getByLabel('Legal opinion', { exact: true }).count(), 0, 'a later step’s field is not on the start form');
  assert.equal(await drawer.getByLabel("Supervisor's comment", { exact: true }).count(), 0);
  await drawer.getByLabel('Counterparty', { exact: true }).fill('Hefeng Supermarket');
  await drawer.getByLabel('Amount', { exact: true }).fill('86000');
  await pick(sam, drawer, 'Type', 'Purchase');
  await drawer.getByTestId('submit-record').click();
  await drawer.waitFor({ state: 'hidden' });
  const row = sam.getByTestId('records-table').getByRole('row').filter({ hasText: 'Cashier system for Hefeng' });
  await row.getByTestId('record-stage').getByText('主管审核').waitFor();
  await row.getByText('Sam Submitter').first().waitFor();
});

e2eTest('contract approval: the supervisor approves on a phone', async ({ newPage }) => {
  assert.ok(world.ws, 'the first test set the contract up');
  // The supervisor, on a phone: the bell and the menu are in the header, the inbox names the contract.
  const sue = await memberPage(newPage, 'supervisor', PHONE);
  await sue.goto(`/w/${encodeURIComponent(world.ws)}/apps`);
  await sue.getByTestId('header-menu').waitFor();
  await sue.getByTestId('notification-bell').waitFor();
  // On a phone the to-do says under the contract who sent it and when (no room for columns).
  await sue.goto(`/w/${encodeURIComponent(world.ws)}/inbox`);
  await sue.getByTestId('inbox-sub').filter({ hasText: /^Sam Submitter · / }).first().waitFor();
  // Each to-do is a card as wide as the screen allows, not a table row whose title gets two words' width.
  const card = sue.getByTestId('inbox-card').filter({ hasText: 'Cashier system for Hefeng' }).first();
  const cardBox = await card.boundingBox();
  assert.ok(cardBox && cardBox.width >= 320 && cardBox.x + cardBox.width <= 390, `the to-do card is ${JSON.stringify(cardBox)}`);
  assert.equal(await sue.getByTestId('inbox-table').count(), 0, 'a phone shows the inbox as cards');
  await openFromInbox(sue, 'Supervisor');
  await sue.waitForLoadState('networkidle');
  const widths = await sue.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(widths.scroll <= widths.client, `the record page scrolls sideways: ${widths.scroll} > ${widths.client}`);
  // One column: the fields, where the run stands (its step and who holds it), then the trail.
  const top = async (id) => (await sue.getByTestId(id).boundingBox())?.y ?? -1;
  const [panelTop, timelineTop] = [await top('pipeline-panel'), await top('record-timeline')];
  assert.ok(panelTop > 0 && panelTop < timelineTop, `the pipeline panel (${panelTop}) comes before the timeline (${timelineTop})`);
  // Approve stays at the foot of the screen however far she scrolls to read the contract.
  await sue.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const approve = sue.getByTestId('action-approve');
  const box = await approve.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 390 && box.y >= 844 / 2 && box.y + box.height <= 844, `approve is off screen: ${JSON.stringify(box)}`);
  await approve.click();
  const dialog = await openedDialog(sue, 'Approve');
  await dialog.getByLabel("Supervisor's comment", { exact: true }).fill('Budget is planned.');
  await dialog.getByTestId('action-ok').click();
  await dialog.waitFor({ state: 'hidden' });
  await sue.getByTestId('active-node').filter({ hasText: 'Legal review' }).waitFor();
});

e2eTest('contract approval: legal approves in bulk, asked once for its required fields', async ({ newPage }) => {
  assert.ok(world.ws, 'the first test set the contract up');

  // Legal approves from the inbox: the bulk dialog asks the step's required fields once.
  const lena = await memberPage(newPage, 'legal');
  await lena.goto(`/w/${encodeURIComponent(world.ws)}/inbox`);
  const legalRow = lena.getByTestId('inbox-table').getByRole('row').filter({ hasText: 'Cashier system for Hefeng' });
  await legalRow.waitFor();
  await legalRow.getByRole('checkbox').check();
  await lena.getByTestId('bulk-approve').click();
  const bulk = await openedDialog(lena, 'Approve 1 selected');
  await bulk.getByText('Legal risk').first().waitFor();
  await bulk.getByTestId('bulk-ok').click();
  await bulk.getByText('This field is required.').first().waitFor(); // checked before anything is sent
  await pick(lena, bulk, 'Legal risk', 'Low');
  await bulk.getByLabel('Legal opinion', { exact: true }).fill('Standard terms, no concerns.');
  await bulk.getByTestId('bulk-ok').click();
  await lena.getByText('1 approved').waitFor();
});

e2eTest('contract approval: finance fills its fields in the approve dialog', async ({ newPage }) => {
  assert.ok(world.ws, 'the first test set the contract up');
  // Finance opens the record from the inbox and fills its step's fields in the approve dialog.
  const fay = await memberPage(newPage, 'finance');
  await openFromInbox(fay, 'Finance review');
  await fay.getByTestId('action-approve').click();
  const fin = await openedDialog(fay, 'Approve');
  await pick(fay, fin, 'Payment terms', 'Installments');
  await fin.getByLabel('Finance opinion', { exact: true }).fill('Within budget.');
  await fin.getByTestId('action-ok').click();
  await fin.waitFor({ state: 'hidden' });
  await fay.getByTestId('active-node').filter({ hasText: 'Director' }).waitFor();
});

e2eTest('contract approval: the director ends the run, and the submitter sees it approved', async ({ newPage }) => {
  assert.ok(world.ws, 'the first test set the contract up');
  // The director approves last; the run ends approved, as the submitter sees.
  const dan = await memberPage(newPage, 'director');
  await openFromInbox(dan, 'Director');
  await dan.getByTestId('action-approve').click();
  const dir = await openedDialog(dan, 'Approve');
  // He signs on the pad his step offers (手写签名): a stroke, then Done.
  await dir.getByTestId('signature-open').click();
  const pad = dan.getByTestId('signature-pad');
  await pad.waitFor();
  await dan.waitForTimeout(400); // the pad's dialog has finished zooming in
  const box = await pad.boundingBox();
  await dan.mouse.move(box.x + 30, box.y + box.height / 2);
  await dan.mouse.down();
  for (let i = 1; i <= 12; i++) await dan.mouse.move(box.x + 30 + i * 25, box.y + box.height / 2 + (i % 2 ? -20 : 20));
  await dan.mouse.up();
  await dan.getByTestId('signature-ok').click();
  await dir.getByTestId('signature-image').waitFor();
  await dir.getByTestId('action-ok').click();
  await dir.waitFor({ state: 'hidden' });
  await dan.getByTestId('pipeline-panel').getByText('Approved').first().waitFor();
  // The record shows the signature whole, drawn in ink.
  const signed = dan.getByTestId('record-fields').getByTestId('attachment-image').locator('img');
  await signed.waitFor();
  assert.ok(await signed.evaluate((img) => img.complete && img.naturalWidth > 100), 'the signature loaded');

  const sam = await memberPage(newPage, 'submitter');
  await sam.goto(`/w/${encodeURIComponent(world.ws)}/apps/${world.app}`);
  const row = sam.getByTestId('records-table').getByRole('row').filter({ hasText: 'Cashier system for Hefeng' });
  await row.getByText('Approved').waitFor();
});
