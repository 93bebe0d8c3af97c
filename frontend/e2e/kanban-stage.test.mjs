// A supervisor who is not an admin works a contract on a kanban board by approval stage:
// dropping a card where its flow does not lead from her step is refused in words and the
// card snaps back, nothing written; dropping it on the next stage offers to approve her step,
// and approving moves the record on through its flow. Roles and the board are set up through
// the API.
import assert from 'node:assert/strict';
import { dragTo, openedDialog, setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const PASSWORD = 'member-password-1';

e2eTest('a supervisor drops a contract where its flow does not lead (refused in words, the card snaps back), then on the next stage, approving it', async ({ newPage }) => {
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

  // Wide enough for the five stage columns side by side.
  const page = await newPage({ viewport: { width: 1600, height: 900 } });
  await signIn(page, sue.email, PASSWORD);
  await page.goto(`/w/${ws}/apps/${app}?section=views&view=stages`);
  const column = (stage) => page.getByTestId('kanban-column').filter({ hasText: stage });
  const card = column('主管审核').getByTestId('kanban-drag').filter({ hasText: 'Printer lease' });
  await card.waitFor();

  // A drop two stages ahead: refused in words, the card stays in its column.
  await dragTo(page, card, column('总监审批'));
  const refused = await openedDialog(page, 'The card cannot move to “总监审批”');
  await refused.getByText('Its flow does not lead there from the current step.').waitFor();
  await refused.getByRole('button', { name: 'Close' }).click();
  await refused.waitFor({ state: 'hidden' });
  await card.waitFor();

  let rec = (await call('GET', `${appApi}/forms/contract/records?limit=10`)).items.find((r) => r.data.title === 'Printer lease');
  assert.equal(rec.stage, '主管审核', 'a refused drop changes nothing');

  // A drop on the stage that follows her step offers to approve it; approved, the card moves
  // there and the flow asks legal and finance.
  await dragTo(page, card, column('法务/财务审核'));
  const offer = await openedDialog(page, 'Approve, moving it to “法务/财务审核”?');
  await offer.getByTestId('kanban-stage-act').click();
  await column('法务/财务审核').getByTestId('kanban-drag').filter({ hasText: 'Printer lease' }).waitFor();
  await column('主管审核').getByTestId('kanban-drag').filter({ hasText: 'Cleaning service' }).waitFor();
  rec = await call('GET', `${appApi}/forms/contract/records/${rec.id}`);
  assert.equal(rec.stage, '法务/财务审核');
  assert.deepEqual(rec.flow.active.map((a) => a.node).sort(), ['finance', 'legal']);
});
