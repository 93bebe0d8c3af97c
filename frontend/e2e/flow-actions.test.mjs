// Per-node action switches: an admin switches off "transfer" on the contract flow's legal
// step, publishes — the dialog says in words what changes and that runs in progress keep
// their version — and the legal member (not an admin, holding only the legal role) sees no
// transfer on a contract waiting for them, while approve and return are still offered. She
// returns it with a reason, which the submitter reads at the top of the record on her phone.
import assert from 'node:assert/strict';
import { openedDialog, setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const PASSWORD = 'member-password-1';

e2eTest('legal offers no transfer once the admin switches it off and publishes', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Switches' })).id;
  const sales = (await call('POST', `/workspaces/${ws}/departments`, { name: 'Sales' })).id;
  const ids = {};
  const emails = {};
  for (const who of ['submitter', 'supervisor', 'legal']) {
    emails[who] = `${who}-sw-${Date.now()}@formloom.test`;
    ids[who] = await addMember(cfg.url, call, ws, { email: emails[who], name: who, departments: who === 'legal' ? [] : [sales] }, PASSWORD);
  }
  await call('PATCH', `/workspaces/${ws}/departments/${sales}`, { head: ids.supervisor });
  const app = (await call('POST', `/workspaces/${ws}/apps`, { template: 'contract-approval' })).id;
  for (const role of ['applicant', 'supervisor', 'legal']) await call('POST', `/workspaces/${ws}/apps/${app}/roles/${role}/assignees`, { user: ids[role === 'applicant' ? 'submitter' : role] });
  const records = `/workspaces/${ws}/apps/${app}/forms/contract/records`;
  const submitter = await apiSession(cfg.url, emails.submitter, PASSWORD);
  const running = await submitter('POST', records, { title: 'Running before', type: 'sales', counterparty: 'Acme', amount: 1000 });

  // The admin switches transfer off on legal and publishes through the dialog.
  const page = await newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  await page.goto(`/w/${ws}/apps/${app}/design/flow`);
  await page.getByTestId('flow-node-legal').click();
  const sw = page.getByTestId('flow-panel').getByTestId('flow-allow-transfer');
  assert.equal(await sw.getAttribute('aria-checked'), 'true');
  await sw.click();
  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
  await page.getByTestId('designer-publish').click();
  const dialog = page.getByTestId('publish-dialog');
  await dialog.getByText('Contract approval: the actions “Legal review” offers change.').waitFor();
  await dialog.getByText('1 run in progress keeps version 1; new records use version 2.').waitFor();
  await page.screenshot({ path: `${process.env.FORMLOOM_E2E_ARTIFACTS}/publish-dialog.png` }).catch(() => undefined);
  await page.getByTestId('publish-confirm').click();
  await page.getByText('Version 2 published').waitFor();
  assert.ok(running.id);

  // A new contract reaches legal; the legal member does not see transfer.
  const rec = await submitter('POST', records, { title: 'After the switch', type: 'sales', counterparty: 'Acme', amount: 1000 });
  const supervisor = await apiSession(cfg.url, emails.supervisor, PASSWORD);
  await supervisor('POST', `${records}/${rec.id}/actions/approve`, {});
  const member = await newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(member, emails.legal, PASSWORD);
  await member.goto(`/w/${ws}/apps/${app}/forms/contract/records/${rec.id}`);
  await member.getByTestId('action-approve').waitFor();
  await member.getByTestId('action-return').waitFor();
  assert.equal(await member.getByTestId('action-transfer').count(), 0);
  await member.screenshot({ path: `${process.env.FORMLOOM_E2E_ARTIFACTS}/legal-no-transfer.png` }).catch(() => undefined);

  // Legal returns it with a reason; the submitter, on her phone, reads who and why at the top.
  await member.getByTestId('action-return').click();
  const returning = await openedDialog(member, 'Return');
  await returning.locator('.ant-mentions textarea').fill('Clause 5 needs a penalty cap.');
  await returning.getByTestId('action-ok').click();
  await member.getByTestId('returned-notice').waitFor();
  const phone = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await signIn(phone, emails.submitter, PASSWORD);
  await phone.goto(`/w/${ws}/apps/${app}/forms/contract/records/${rec.id}`);
  const notice = phone.getByTestId('returned-notice');
  await notice.getByText('legal returned this record: fix it and submit it again').waitFor();
  await notice.getByText('Clause 5 needs a penalty cap.').waitFor();
  const top = await notice.boundingBox();
  const fields = await phone.getByTestId('record-fields').boundingBox();
  assert.ok(top && fields && top.y < fields.y, 'the reason comes before the fields');
});
