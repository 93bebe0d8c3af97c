// An admin builds a workspace through the UI and invites a colleague, who joins through
// the setup link. The second test continues from the first (it needs the link).
import assert from 'node:assert/strict';
import { openedDialog, setupE2E } from './browser.mjs';

const { cfg, e2eTest } = setupE2E();

const workspaceName = 'Northwind Sales';
const invitee = { email: 'lin.wei@example.com', name: 'Lin Wei', password: 'lin-wei-secret-1' };
/** Filled by the first test: where the invitee sets up the account, and the workspace's id. */
let setupLink = '';
let workspaceId = '';

e2eTest('admin signs in, builds a workspace with departments and invites a member', async ({ newPage }) => {
  const page = await newPage();

  // Any page sends a signed-out visitor to the sign-in page.
  await page.goto('/');
  await page.waitForURL('**/login');
  await page.getByLabel('Email').fill(cfg.adminEmail);
  await page.getByLabel('Password').fill(cfg.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Someone in exactly one workspace lands inside it (other tests may have made one).
  await page.getByTestId('user-menu').waitFor();
  await page.goto('/');
  await page.getByRole('heading', { name: 'Workspaces' }).waitFor();

  // A new workspace; creating it opens it.
  await page.getByTestId('create-workspace').first().click();
  const wsDialog = await openedDialog(page, 'New workspace');
  await wsDialog.getByLabel('Workspace name').fill(workspaceName);
  await wsDialog.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/w\/[^/]+$/);
  workspaceId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
  assert.equal(await page.getByTestId('workspace-name').textContent(), workspaceName);
  // It opens on its apps, none yet.
  await page.getByRole('tab', { name: 'Apps', selected: true }).waitFor();
  // The creator is its owner, listed as a member.
  await page.getByRole('tab', { name: 'Members' }).click();
  const admins = page.getByTestId('members-table').getByRole('row').filter({ hasText: cfg.adminEmail });
  await admins.getByText('Owner').waitFor();

  // A top-level department, then a sub-department under it with the admin as its head.
  await page.getByRole('tab', { name: 'Departments' }).click();
  await page.waitForURL(/\/departments$/);
  await page.getByTestId('create-department').click();
  let deptDialog = await openedDialog(page, 'New department');
  await deptDialog.getByLabel('Department name').fill('Sales');
  await deptDialog.getByRole('button', { name: 'Create' }).click();
  await deptDialog.waitFor({ state: 'hidden' });
  const table = page.getByTestId('departments-table');
  const salesRow = table.getByRole('row').filter({ hasText: 'Sales' });
  await salesRow.waitFor();

  await salesRow.getByRole('button', { name: 'Add sub-department' }).click();
  deptDialog = await openedDialog(page, 'New department');
  await deptDialog.getByLabel('Department name').fill('East Region');
  const head = deptDialog.getByLabel('Head');
  await head.click();
  await head.fill(cfg.adminEmail);
  // The search leaves one option, the admin; Enter picks it.
  await page.getByRole('option', { name: cfg.adminEmail }).waitFor({ state: 'attached' });
  await head.press('Enter');
  await deptDialog.getByRole('button', { name: 'Create' }).click();
  await deptDialog.waitFor({ state: 'hidden' });
  const eastRow = table.getByRole('row').filter({ hasText: 'East Region' });
  await eastRow.waitFor();

  // The page and the API agree: East Region sits under Sales and the admin heads it.
  const me = await (await page.request.get('/api/v1/auth/me')).json();
  const depts = (await (await page.request.get(`/api/v1/workspaces/${workspaceId}/departments`)).json()).items;
  const sales = depts.find((d) => d.name === 'Sales');
  const east = depts.find((d) => d.name === 'East Region');
  assert.ok(sales && east, `departments: ${JSON.stringify(depts)}`);
  assert.equal(east.parent, sales.id);
  assert.equal(east.head, me.user.id);
  assert.ok(!sales.head, 'Sales has no head');
  await eastRow.getByText(me.user.name || me.user.email).waitFor();
  const rows = await table.locator('tbody tr').allTextContents();
  assert.ok(
    rows.findIndex((r) => r.includes('Sales')) < rows.findIndex((r) => r.includes('East Region')),
    `sub-department listed under its parent: ${JSON.stringify(rows)}`,
  );

  // Invite a colleague into East Region: the dialog answers a setup link to hand over.
  await page.getByRole('tab', { name: 'Members' }).click();
  await page.getByTestId('invite-member').click();
  const invite = await openedDialog(page, 'Invite member');
  await invite.getByLabel('Email').fill(invitee.email);
  await invite.getByLabel('Name').fill(invitee.name);
  const depField = invite.getByLabel('Departments');
  await depField.click();
  await depField.fill('East');
  // The tree's node (in the pop-up, outside the dialog) carries the department's name as title.
  await page.getByTitle('East Region', { exact: true }).click();
  await invite.getByTitle('East Region', { exact: true }).waitFor(); // the chosen tag
  await invite.getByText('Invite member', { exact: true }).click(); // closes the pop-up
  await invite.getByRole('button', { name: 'Invite', exact: true }).click();
  const link = invite.getByTestId('setup-link');
  await link.waitFor();
  setupLink = (await link.textContent())?.trim() ?? '';
  assert.match(setupLink, /^http:\/\/127\.0\.0\.1:\d+\/setup\/[^/\s]+$/);
  assert.ok(setupLink.startsWith(`${cfg.url}/setup/`), `${setupLink} is on ${cfg.url}`);
  await invite.getByRole('button', { name: 'Close' }).last().click(); // the footer's, not the ×
  await invite.waitFor({ state: 'hidden' });

  // The invitee is listed as invited (no password yet), in East Region.
  const row = page.getByTestId('members-table').getByRole('row').filter({ hasText: invitee.email });
  await row.getByText('Invited').waitFor();
  await row.getByText('East Region').waitFor();
});

e2eTest('the invitee opens the setup link, sets a password and lands in the workspace', async ({ newPage }) => {
  assert.ok(setupLink, 'the previous test produced a setup link');
  const page = await newPage(); // another browser: no cookie of the admin's

  await page.goto(setupLink);
  await page.getByRole('heading', { name: 'Set up your account' }).waitFor();
  await page.getByText(`invited to the workspace “${workspaceName}”`).waitFor();
  assert.equal(await page.getByTestId('setup-email').inputValue(), invitee.email);
  assert.equal(await page.getByLabel('Name').inputValue(), invitee.name);
  await page.getByLabel('Password', { exact: true }).fill(invitee.password);
  await page.getByLabel('Confirm password').fill(invitee.password);
  await page.getByRole('button', { name: 'Create account and join' }).click();

  // Signed in as the new member, inside the workspace they were invited to.
  await page.waitForURL(`**/w/${encodeURIComponent(workspaceId)}`);
  await page.getByTestId('workspace-name').getByText(workspaceName).waitFor();
  await page.getByTestId('user-menu').getByText(invitee.name).waitFor();
  await page.getByRole('tab', { name: 'Members' }).click();
  const me = page.getByTestId('members-table').getByRole('row').filter({ hasText: invitee.email });
  await me.getByText('Active').waitFor();
  // A plain member does not get the admin's buttons.
  assert.equal(await page.getByTestId('invite-member').count(), 0);

  // The workspace list shows it, and the link cannot be used a second time.
  await page.goto('/');
  await page.getByTestId('workspace-card').filter({ hasText: workspaceName }).waitFor();
  const again = await newPage();
  await again.goto(setupLink);
  await again.getByText('This link cannot be used').waitFor();
});
