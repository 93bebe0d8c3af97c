// Sign-in errors, the language switch and the session's life: each test is its own person
// in a fresh browser context.
import assert from 'node:assert/strict';
import { csrfToken, setupE2E, signIn } from './browser.mjs';

const { cfg, e2eTest } = setupE2E();

e2eTest('a wrong password shows the server’s message and opens no session', async ({ newPage }) => {
  const page = await newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(cfg.adminEmail);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();

  const alert = page.getByTestId('login-error');
  await alert.getByText('Wrong e-mail or password.').waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal((await page.request.get('/api/v1/auth/me')).status(), 401);
});

e2eTest('switching the language to 中文 shows Chinese labels and is remembered', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const res = await page.request.post('/api/v1/workspaces', {
    data: { name: 'Language check' },
    headers: { 'X-CSRF-Token': await csrfToken(page) },
  });
  assert.equal(res.status(), 201);
  const ws = await res.json();

  await page.goto(`/w/${encodeURIComponent(ws.id)}/members`);
  await page.getByRole('tab', { name: 'Members' }).waitFor();
  await page.getByTestId('language-switch').click();
  await page.getByRole('menuitem', { name: '简体中文' }).click();

  await page.getByRole('tab', { name: '成员' }).waitFor();
  await page.getByRole('tab', { name: '部门' }).waitFor();
  await page.getByRole('button', { name: '邀请成员' }).waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Members' }).count(), 0);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');

  // Still Chinese on another page and after a reload.
  await page.getByRole('link', { name: '工作区' }).click();
  await page.getByRole('heading', { name: '工作区' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: '工作区' }).waitFor();
  await page.getByRole('button', { name: '新建工作区' }).waitFor();
});

e2eTest('a reload keeps the session; signing out returns to the sign-in page', async ({ newPage }) => {
  const page = await newPage();
  await signIn(page, cfg.adminEmail, cfg.adminPassword);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'formloom_session');
  assert.ok(session, `session cookie set: ${JSON.stringify(cookies.map((c) => c.name))}`);
  assert.equal(session.httpOnly, true);

  await page.goto('/');
  await page.reload();
  await page.getByRole('heading', { name: 'Workspaces' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await page.getByTestId('user-menu').waitFor();

  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL('**/login');
  await page.getByRole('heading', { name: 'Sign in to Formloom' }).waitFor();

  // The session is gone on the server too: signed-in pages send back to sign-in.
  assert.equal((await page.request.get('/api/v1/auth/me')).status(), 401);
  await page.goto('/');
  await page.waitForURL('**/login');
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
});
