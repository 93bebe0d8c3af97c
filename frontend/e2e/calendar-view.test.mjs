// Calendar views (日历): an attendee of the meeting-minutes starter (a member, not an admin)
// finds her meetings on their days in 会议日历 and opens one from it; an organizer makes a
// meeting on a day of it; an admin makes a view a calendar in the views designer by choosing
// the layout and its date field, without JSON.
import assert from 'node:assert/strict';
import { openedDialog, setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const PASSWORD = 'member-password-1';

e2eTest('an attendee finds her meetings on their days in the meeting calendar and opens one', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Minutes' })).id;
  const app = (await call('POST', `/workspaces/${ws}/apps`, { template: 'meeting-minutes' })).id;
  const email = `calendar-${Date.now()}@formloom.test`;
  const hana = await addMember(cfg.url, call, ws, { email, name: 'Hana Attendee' }, PASSWORD);
  await call('POST', `/workspaces/${ws}/apps/${app}/roles/attendee/assignees`, { user: hana });
  // This month's meetings: two of hers, on the 10th (10:30 local time) and the 20th, and one
  // she is not in, which her scope leaves out.
  const now = new Date();
  const at = (day, hour, minute) => new Date(now.getFullYear(), now.getMonth(), day, hour, minute).toISOString();
  const meetings = `/workspaces/${ws}/apps/${app}/forms/meeting/records`;
  await call('POST', meetings, { title: 'Budget review', startAt: at(10, 10, 30), endAt: at(10, 11, 30), attendees: [hana] });
  await call('POST', meetings, { title: 'Year-end wrap-up', startAt: at(20, 14, 0), endAt: at(20, 15, 0), attendees: [hana] });
  await call('POST', meetings, { title: 'Board only', startAt: at(10, 9, 0), endAt: at(10, 10, 0) });

  const page = await newPage();
  await signIn(page, email, PASSWORD);
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}`);
  await page.getByTestId('section-views').click();
  await page.getByTestId('view-tab-meeting_calendar').click();
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  const tenth = page.getByTestId(`calendar-day-${month}-10`);
  await tenth.getByText('10:30 Budget review').waitFor();
  assert.equal(await tenth.getByText('Board only').count(), 0, 'a meeting she is not in stays out');
  await page.getByTestId(`calendar-day-${month}-20`).getByText('14:00 Year-end wrap-up').waitFor();
  await tenth.getByRole('link', { name: '10:30 Budget review' }).click();
  await page.getByTestId('record-title').getByText('Budget review').waitFor();
  // From there she steps to the month's next meeting.
  assert.equal(await page.getByTestId('record-position').innerText(), '1 / 2');
  await page.getByTestId('record-next').click();
  await page.getByTestId('record-title').getByText('Year-end wrap-up').waitFor();
});

e2eTest('an admin makes a view a calendar by its date field in the views designer', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Minutes design' })).id;
  const app = (await call('POST', `/workspaces/${ws}/apps`, { template: 'meeting-minutes' })).id;
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  await page.goto(`/w/${ws}/apps/${app}/design/views`);
  await page.getByTestId('view-add').click();
  const addView = await openedDialog(page, 'Add view');
  await addView.getByTestId('view-new-name').fill('Deadlines');
  await addView.getByRole('button', { name: 'OK' }).click();
  const editor = page.getByTestId('view-editor');
  await editor.getByTestId('view-layout').getByText('Calendar').click();
  // Only date and date-time fields are offered for the days; the first is chosen.
  await editor.getByTestId('view-date').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
  const offered = await page.locator('.ant-select-dropdown:visible .ant-select-item-option').allInnerTexts();
  assert.ok(offered.length > 0 && !offered.includes('Meeting') && !offered.includes('Place') && offered.includes('Starts at'), `offered: ${offered.join(', ')}`);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^Ends at$/ }).click();
  await page.getByTestId('designer-save').click();
  await page.getByText('Draft saved').waitFor();
  const draft = await call('GET', `/workspaces/${ws}/apps/${app}/draft`);
  const view = draft.views.find((v) => v.name.en === 'Deadlines' || v.name['zh-CN'] === 'Deadlines');
  assert.ok(view, JSON.stringify(draft.views.map((v) => v.name)));
  assert.equal(view.type, 'calendar');
  assert.equal(view.date, 'endAt');
  assert.equal(view.groupBy, undefined);
});

e2eTest('an organizer makes a meeting on a day of the calendar, which starts at nine that day', async ({ newPage }) => {
  const call = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await call('POST', '/workspaces', { name: 'Minutes calendar' })).id;
  const app = (await call('POST', `/workspaces/${ws}/apps`, { template: 'meeting-minutes' })).id;
  const email = `organizer-cal-${Date.now()}@formloom.test`;
  const olga = await addMember(cfg.url, call, ws, { email, name: 'Olga Organizer' }, PASSWORD);
  await call('POST', `/workspaces/${ws}/apps/${app}/roles/organizer/assignees`, { user: olga });

  const page = await newPage();
  await signIn(page, email, PASSWORD);
  await page.goto(`/w/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}`);
  await page.getByTestId('section-views').click();
  await page.getByTestId('view-tab-meeting_calendar').click();
  const now = new Date();
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  await page.getByTestId('view-calendar').locator(`td[title="${month}-12"]`).click();
  const start = page.locator('#root_startAt');
  await start.waitFor();
  assert.equal(await start.inputValue(), `${month}-12 09:00:00`, 'the day clicked, at nine');
  await page.locator('#root_title').fill('Planning day');
  await page.locator('#root_endAt').fill(`${month}-12 10:00:00`);
  await page.keyboard.press('Enter');
  await page.locator('#root_recorder').click({ force: true });
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Olga Organizer' }).first().click();
  await page.getByTestId('submit-record').click();
  await page.getByTestId(`calendar-day-${month}-12`).getByText('09:00 Planning day').waitFor();
  const stored = (await call('GET', `/workspaces/${ws}/apps/${app}/forms/meeting/records`)).items.find((r) => r.data.title === 'Planning day');
  assert.equal(new Date(stored.data.startAt).getTime(), new Date(now.getFullYear(), now.getMonth(), 12, 9, 0).getTime());
});
