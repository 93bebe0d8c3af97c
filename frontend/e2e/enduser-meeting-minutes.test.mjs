// An attendee of the meeting-minutes starter, on a phone: the app's views open on her own
// open tasks (我的任务 comes first, its records as cards), and the bell shows the automation's note about a new
// action item in the UI's language, without the page going blank. An organizer schedules a
// meeting before it is held: the minutes' flow starts only when she submits it after the
// meeting, so the new-meeting form's one button saves it, and its page offers Submit.
import assert from 'node:assert/strict';
import { setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const PASSWORD = 'member-password-1';

e2eTest('an attendee finds her action items with one tap on Views, and the bell names the new one', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Minutes' })).id;
  const app = (await call('POST', `/workspaces/${ws}/apps`, { template: 'meeting-minutes' })).id;
  const email = `attendee-${Date.now()}@formloom.test`;
  const hana = await addMember(cfg.url, call, ws, { email, name: 'Hana Attendee' }, PASSWORD);
  await call('POST', `/workspaces/${ws}/apps/${app}/roles/attendee/assignees`, { user: hana });
  const meeting = (await call('POST', `/workspaces/${ws}/apps/${app}/forms/meeting/records`, { title: 'Launch review', startAt: '2030-01-10T09:00:00+08:00', attendees: [hana] })).id;
  await call('POST', `/workspaces/${ws}/apps/${app}/forms/task/records`, { title: 'Book the venue', owner: hana, status: 'todo', deadline: '2030-01-15', meeting });
  // Another attendee's task from the same meeting, which Hana's role does not let her read.
  const admin = (await call('GET', '/auth/me')).user.id;
  await call('POST', `/workspaces/${ws}/apps/${app}/forms/task/records`, { title: 'Print the handouts', owner: admin, status: 'doing', meeting });

  const page = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await signIn(page, email, PASSWORD);
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}`);
  await page.getByTestId('section-views').click();
  const mine = page.getByTestId('view-tab-my_tasks');
  await mine.waitFor();
  assert.ok(await mine.isVisible(), 'the My tasks tab is on the phone screen');
  assert.equal(await page.locator('.ant-tabs-tab-active [data-testid^="view-tab-"]').getAttribute('data-testid'), 'view-tab-my_tasks');
  await page.getByTestId('views').getByRole('link', { name: 'Book the venue' }).waitFor();
  // On a phone a table view's records are cards (title, then label and value), not a table cut at its second column.
  const card = page.getByTestId('view-card').filter({ hasText: 'Book the venue' });
  assert.equal(await card.count(), 1, 'the task is a card');
  assert.equal(await page.getByTestId('view-table').count(), 0, 'no table on the phone');

  // The new action item's notification opens the task and is read from then on: gone from the
  // unread list, still under All, greyed.
  const note = 'You have a new action item: do it by its deadline and mark it done.';
  await page.getByTestId('notification-bell').click();
  // The line names the record first: the task's title.
  await page.getByTestId('notifications').getByTestId('notification-unread').filter({ hasText: 'Book the venue' }).filter({ hasText: note }).waitFor();
  await page.getByTestId('notifications').getByText(note).click();
  await page.getByTestId('record-title').getByText('Book the venue').waitFor();
  await page.getByTestId('notification-bell').click();
  await page.getByTestId('notifications').getByText('No unread notifications').waitFor();
  await page.getByTestId('notifications-filter').getByText('All', { exact: true }).click();
  await page.getByTestId('notifications').getByTestId('notification-read').filter({ hasText: note }).waitFor();
  await page.keyboard.press('Escape');

  // Her task from another meeting, which the first meeting's 查看全部 leaves out.
  const other = (await call('POST', `/workspaces/${ws}/apps/${app}/forms/meeting/records`, { title: 'Budget sync', startAt: '2030-01-11T09:00:00+08:00', attendees: [hana] })).id;
  await call('POST', `/workspaces/${ws}/apps/${app}/forms/task/records`, { title: 'Send the budget', owner: hana, status: 'todo', meeting: other });
  // The meeting's page lists the tasks made from it that she may read, with where each stands.
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}/forms/meeting/records/${meeting}`);
  const related = page.getByTestId('related-task-meeting');
  await related.getByText('Book the venue').waitFor();
  assert.match(await related.innerText(), /Status：To do/);
  assert.equal(await related.getByText('Print the handouts').count(), 0, 'a task she may not read is not listed');
  // 查看全部 opens the task list narrowed to this meeting's tasks, and the tag's close widens it.
  await related.getByTestId('related-all').click();
  await page.getByTestId('records-link').getByText('Meeting: Launch review').waitFor();
  const cards = page.getByTestId('records-cards');
  await cards.getByText('Book the venue').waitFor();
  assert.equal(await cards.getByText('Send the budget').count(), 0, 'another meeting’s task is not in the list');
  await page.getByTestId('records-link').locator('.ant-tag-close-icon').click();
  await cards.getByText('Send the budget').waitFor();
  assert.equal(await page.getByTestId('records-link').count(), 0);
  await page.goBack();
  await related.getByTestId('related-link').click();
  await page.getByTestId('record-title').getByText('Book the venue').waitFor();
});

e2eTest('an organizer saves a meeting before it is held and submits it from its page', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Minutes' })).id;
  const app = (await call('POST', `/workspaces/${ws}/apps`, { template: 'meeting-minutes' })).id;
  const email = `organizer-${Date.now()}@formloom.test`;
  const olga = await addMember(cfg.url, call, ws, { email, name: 'Olga Organizer' }, PASSWORD);
  await call('POST', `/workspaces/${ws}/apps/${app}/roles/organizer/assignees`, { user: olga });

  const page = await newPage();
  await signIn(page, email, PASSWORD);
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}/forms/meeting`);
  await page.getByTestId('new-record').click();
  const save = page.getByTestId('submit-record');
  await save.waitFor();
  assert.equal((await save.innerText()).trim(), 'Save', 'the button does not claim to submit what waits for the meeting');
  assert.equal(await page.getByTestId('save-draft').count(), 0, 'no second button doing the same');
  await page.locator('#root_title').fill('Weekly sync');
  await page.locator('#root_startAt').fill('2030-01-15 09:00:00');
  await page.keyboard.press('Enter');
  await page.locator('#root_endAt').fill('2030-01-15 10:00:00');
  await page.keyboard.press('Enter');
  await page.locator('#root_recorder').click({ force: true });
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Olga Organizer' }).first().click();
  await save.click();
  await page.getByText('Saved. Submit it from its page when it is ready to go through the flow.').waitFor();
  await page.getByRole('heading', { name: 'Weekly sync' }).waitFor();
  await page.getByRole('button', { name: 'Submit' }).waitFor();

  // An action item can be added from the meeting's page, already linked to the meeting.
  const related = page.getByTestId('related-task-meeting');
  await related.getByText('None yet').waitFor();
  await related.getByTestId('related-add').click();
  await page.locator('#root_title').fill('Book the room');
  await page.locator('#root_owner').click({ force: true });
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Olga Organizer' }).first().click();
  await page.locator('.ant-drawer').getByText('Weekly sync').waitFor(); // the meeting, filled in
  await page.getByTestId('submit-record').click();
  await related.getByRole('link', { name: 'Book the room' }).waitFor();

  // Next week's sync is a copy (复制): the same title and recorder are filled in, she moves the
  // time, and the copy is a meeting of its own.
  const first = page.url();
  await page.getByTestId('copy-record').click();
  await page.locator('#root_title').waitFor();
  assert.equal(await page.locator('#root_title').inputValue(), 'Weekly sync');
  await page.locator('.ant-drawer').getByText('Olga Organizer').first().waitFor();
  await page.locator('#root_startAt').fill('2030-01-22 09:00:00');
  await page.keyboard.press('Enter');
  await page.locator('#root_endAt').fill('2030-01-22 10:00:00');
  await page.keyboard.press('Enter');
  await page.getByTestId('submit-record').click();
  await page.waitForURL((u) => u.href !== first);
  await page.getByRole('heading', { name: 'Weekly sync' }).waitFor();
  const mine = await apiSession(cfg.url, email, PASSWORD);
  const syncs = (await mine('GET', `/workspaces/${ws}/apps/${app}/forms/meeting/records`)).items.filter((r) => r.data.title === 'Weekly sync');
  assert.deepEqual(syncs.map((r) => r.data.startAt.slice(0, 10)).sort(), ['2030-01-15', '2030-01-22']);
  assert.ok(syncs.every((r) => r.data.recorder === olga), JSON.stringify(syncs.map((r) => r.data)));
});
