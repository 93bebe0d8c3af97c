// A plain member chooses how notifications reach them (e-mail for CC, quiet hours) in the
// workspace's Notifications tab, and it is kept; the owner's channel settings refuse a robot
// on a private address, naming the field.
import assert from 'node:assert/strict';
import { csrfToken, setupE2E, signIn } from './browser.mjs';

// SEARCH_SHOTS=<dir> keeps screenshots at 1440 and 390 pixels wide.
const { cfg, e2eTest } = setupE2E();

e2eTest('a member sets notification preferences; the owner cannot save a robot on a private address', async ({ newPage }) => {
  const admin = await newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(admin, cfg.adminEmail, cfg.adminPassword);
  const csrf = await csrfToken(admin);
  const ws = (await (await admin.request.post('/api/v1/workspaces', { data: { name: 'Notify' }, headers: { 'X-CSRF-Token': csrf } })).json()).id;
  const res = await admin.request.post(`/api/v1/workspaces/${ws}/members`, {
    data: { email: 'mia@example.com', name: 'Mia', role: 'member' },
    headers: { 'X-CSRF-Token': csrf },
  });
  assert.equal(res.status(), 201, await res.text());
  const token = (await res.json()).setup.token;

  const page = await newPage({ viewport: { width: 390, height: 844 } });
  const setup = await page.request.post('/api/v1/auth/setup', { data: { token, password: 'mia-secret-1234' } });
  assert.equal(setup.status(), 200, await setup.text());
  await page.goto(`/w/${encodeURIComponent(ws)}/notifications`);
  const prefs = page.getByTestId('notify-prefs');
  await prefs.waitFor();
  assert.equal(await page.getByTestId('notify-channels').count(), 0, 'a member does not see the channels');
  await prefs.getByRole('checkbox', { name: 'Copied to me · E-mail' }).check();
  await prefs.getByRole('switch', { name: 'Quiet hours' }).click();
  await prefs.getByLabel('Quiet from').fill('21:30');
  await prefs.getByTestId('notify-prefs-save').click();
  await page.getByText('Saved').first().waitFor();
  if (process.env.SEARCH_SHOTS) await page.screenshot({ path: `${process.env.SEARCH_SHOTS}/notify-390.png`, fullPage: true });
  const saved = await (await page.request.get(`/api/v1/workspaces/${ws}/notify/preferences`)).json();
  assert.deepEqual(saved.events.cc, ['email']);
  assert.deepEqual(saved.quietHours, { from: '21:30', to: '08:00' });
  await page.reload();
  assert.equal(await prefs.getByRole('checkbox', { name: 'Copied to me · E-mail' }).isChecked(), true);

  // The owner's channels: a DingTalk robot on loopback is refused on its URL field.
  await admin.goto(`/w/${encodeURIComponent(ws)}/notifications`);
  const channels = admin.getByTestId('notify-channels');
  await channels.waitFor();
  await channels.getByRole('button', { name: 'Add robot' }).click();
  await channels.getByLabel('Group').fill('销售群');
  await channels.getByLabel('Webhook URL').fill('http://127.0.0.1:9/robot/send?access_token=x');
  await channels.getByTestId('notify-channels-save').click();
  await channels.getByText('may not point at a private, loopback or link-local address').waitFor();
  if (process.env.SEARCH_SHOTS) await admin.screenshot({ path: `${process.env.SEARCH_SHOTS}/notify-1440.png`, fullPage: true });
});
