// A supervisor who is not an admin works a contract on a kanban board by approval stage:
// dropping the card on the stage after hers offers 同意 / approve and, once accepted, the
// flow moves it there; dropping a card where its flow does not lead is refused in words and
// the card snaps back. Roles and the board are set up through the API.
import assert from 'node:assert/strict';
import { setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const PASSWORD = 'member-password-1';

/** drag moves a card onto a column with the mouse, in small steps (dnd-kit's pointer sensor). */
async function drag(page, card, column) {
  const from = await card.boundingBox();
  const to = await column.boundingBox();
  assert.ok(from && to, 'card and column are on screen');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(from.x + from.width / 2 + ((to.x + to.width / 2 - from.x - from.width / 2) * i) / steps, from.y + from.height / 2 + ((to.y + 60 - from.y - from.height / 2) * i) / steps);
  }
  await page.mouse.up();
}

e2eTest('a supervisor drops a contract on the next stage and approves it; a wrong drop snaps back', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Stage board' })).id;
  const sales = (await call('POST', `/workspaces/${ws}/departments`, { name: 'Sales' })).id;
  const stamp = Date.now();
  const sam = { email: `sam-${stamp}@formloom.test`, name: 'Sam Submitter' };
  const sue = { email: `sue-${stamp}@formloom.test`, name: 'Sue Supervisor' };
  const samId = await addMember(cfg.url, call, ws, { ...sam, departments: [sales] }, PASSWORD);
  const sueId = await addMember(cfg.url, call, ws, { ...sue, departments: [sales] }, PASSWORD);
  await call('PATCH', `/workspaces/${ws}/departments/${sales}`, { head: sueId });
  const app = (await call('POST', `/workspaces/${ws}/apps`, { template: 'contract-approval' })).id;
  const appApi = `/workspaces/${ws}/apps/${app}`;
  // A board by approval stage, for everyone who reads contracts.
  const draft = await call('GET', `${appApi}/draft`);
  draft.views.push({ key: 'stages', form: 'contract', name: { 'zh-CN': '审批看板', en: 'Approval board' }, type: 'kanban', groupBy: '_stage', columns: ['title'] });
  await call('PUT', `${appApi}/draft`, draft);
  await call('POST', `${appApi}/publish`);
  await call('POST', `${appApi}/roles/applicant/assignees`, { user: samId });
  await call('POST', `${appApi}/roles/supervisor/assignees`, { user: sueId });
  // Sam submits two contracts: both wait for Sue, his department's head.
  const samCall = await apiSession(cfg.url, sam.email, PASSWORD);
  for (const title of ['Printer lease', 'Cleaning service']) {
    const rec = await samCall('POST', `${appApi}/forms/contract/records`, { title, type: 'service', counterparty: 'ACME', amount: 1200 });
    if (rec.flow?.status !== 'running') await samCall('POST', `${appApi}/forms/contract/records/${rec.id}/actions/submit`, {});
  }

  const page = await newPage();
  await signIn(page, sue.email, PASSWORD);
  await page.goto(`/w/${ws}/apps/${app}?section=views&view=stages`);
  const column = (stage) => page.getByTestId('kanban-column').filter({ hasText: stage });
  const card = column('主管审核').getByTestId('kanban-drag').filter({ hasText: 'Printer lease' });
  await card.waitFor();

  // A drop two stages ahead: refused in words, the card stays in its column.
  await drag(page, card, column('总监审批'));
  await page.getByText('Its flow does not lead there from the current step.').waitFor();
  await page.getByRole('button', { name: 'Close' }).click();
  await card.waitFor();

  // A drop on the next stage offers 同意 / approve; accepted, the flow moves the card.
  await drag(page, card, column('法务/财务审核'));
  await page.getByText('Approve, moving it to “法务/财务审核”?').waitFor();
  if (cfg.artifacts) await page.screenshot({ path: `${cfg.artifacts}/kanban-stage-offer.png` }).catch(() => undefined);
  await page.getByTestId('kanban-stage-act').click();
  await column('法务/财务审核').getByTestId('kanban-drag').filter({ hasText: 'Printer lease' }).waitFor();
  const rec = (await call('GET', `${appApi}/forms/contract/records?limit=10`)).items.find((r) => r.data.title === 'Printer lease');
  assert.equal(rec.stage, '法务/财务审核');
  const history = await call('GET', `${appApi}/forms/contract/records/${rec.id}/history`);
  assert.ok(history.items.some((e) => e.action === 'approve' && e.actor === sueId), `approved by Sue: ${JSON.stringify(history.items.map((e) => [e.action, e.actor]))}`);
});
