// A member who is not an admin changes her password on a phone, in Chinese: a wrong current
// password is named under its field, and the change signs her out elsewhere. Then she forgets
// it: the sign-in page tells her to ask an admin, the admin makes a reset link from the
// members page, and she sets a new password through it on her phone.
import assert from 'node:assert/strict';
import { openedDialog, setupE2E, signIn } from './browser.mjs';
import { addMember, apiSession } from './enduser-api.mjs';

const { cfg, e2eTest } = setupE2E();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' };

e2eTest('a member changes her password, forgets it, and sets a new one through the admin’s reset link', async ({ newPage }) => {
  const admin = await apiSession(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const ws = (await admin('POST', '/workspaces', { name: '密码测试' })).id;
  const email = `wang-${Date.now()}@formloom.test`;
  await addMember(cfg.url, admin, ws, { email, name: '王芳' }, 'first-password-1');
  const elsewhere = await apiSession(cfg.url, email, 'first-password-1'); // her laptop

  // On her phone: 修改密码 from the menu under her name.
  const phone = await newPage(PHONE);
  await signIn(phone, email, 'first-password-1');
  await phone.getByTestId('user-menu').click();
  await phone.getByRole('menuitem', { name: '修改密码' }).click();
  let dialog = await openedDialog(phone, '修改密码');
  await dialog.getByLabel('当前密码').fill('not-my-password');
  await dialog.getByLabel('新密码', { exact: true }).fill('second-password-2');
  await dialog.getByLabel('确认新密码').fill('second-password-2');
  await phone.getByTestId('password-save').click();
  // The server's refusal sits under the field it is about, in Chinese.
  await dialog.locator('.ant-form-item').filter({ hasText: '当前密码' }).getByText('当前密码不正确。').waitFor();
  await dialog.getByLabel('当前密码').fill('first-password-1');
  await phone.getByTestId('password-save').click();
  await phone.getByText('密码已修改，其他设备上的登录已退出。').waitFor();
  await dialog.waitFor({ state: 'hidden' });
  // The phone stays signed in; the laptop's session ended.
  assert.equal((await phone.request.get('/api/v1/auth/me')).status(), 200);
  await assert.rejects(elsewhere('GET', '/auth/me'), /401/);

  // She forgets it. The sign-in page says whom to ask.
  const later = await newPage(PHONE);
  await later.goto('/login');
  await later.getByTestId('login-forgot').getByText('忘记密码？请联系工作区管理员重置。').waitFor();

  // The admin makes a reset link on the members page.
  const desk = await newPage({ locale: 'zh-CN' });
  await signIn(desk, cfg.adminEmail, cfg.adminPassword);
  await desk.goto(`/w/${encodeURIComponent(ws)}/members`);
  const row = desk.getByTestId('members-table').getByRole('row').filter({ hasText: email });
  await row.getByRole('button', { name: '重置密码' }).click();
  dialog = await openedDialog(desk, '重置 王芳 的密码');
  await dialog.getByText('链接使用前原密码仍可登录').waitFor();
  await desk.getByTestId('setup-link-make').click();
  const shown = dialog.getByTestId('setup-link');
  await shown.waitFor();
  const link = (await shown.textContent())?.trim() ?? '';
  assert.ok(link.startsWith(`${cfg.url}/setup/`), link);
  await dialog.getByText(`请将此链接发送给 ${email}，7 天内有效，仅可使用一次。`).waitFor();

  // On her phone she opens it: a new password only, no name to fill.
  await later.goto(link);
  await later.getByRole('heading', { name: '设置新密码' }).waitFor();
  assert.equal(await later.getByTestId('setup-email').inputValue(), email);
  assert.equal(await later.getByLabel('姓名').count(), 0);
  await later.getByLabel('新密码', { exact: true }).fill('third-password-3');
  await later.getByLabel('确认新密码').fill('third-password-3');
  await later.getByRole('button', { name: '设置新密码并登录' }).click();
  await later.waitForURL(`**/w/${encodeURIComponent(ws)}`);
  await later.getByTestId('user-menu').getByText('王芳').waitFor({ state: 'attached' }); // the name is hidden on a phone
  // The first phone session ended with the reset; the old password no longer signs in.
  assert.equal((await phone.request.get('/api/v1/auth/me')).status(), 401);
  await assert.rejects(apiSession(cfg.url, email, 'second-password-2'));
});
