import { chromium } from 'playwright-core';
import { addMember, apiSession } from './enduser-api.mjs';
const url = process.env.URL;
const call = await apiSession(url, 'admin@formloom.local', 'admin-pass-123');
const ws = (await call('POST', '/workspaces', { name: 'Shots' })).id;
const mia = await addMember(url, call, ws, { email: 'mia@x.test', name: 'Mia' }, 'member-password-1');
const app = (await call('POST', `/workspaces/${ws}/apps`, { template: 'contract-approval', sampleData: true })).id;
for (const role of ['applicant', 'director']) await call('POST', `/workspaces/${ws}/apps/${app}/roles/${role}/assignees`, { user: mia });
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [name, vp] of [['desk', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  const ctx = await b.newContext({ baseURL: url, locale: 'zh-CN', viewport: vp, isMobile: name === 'phone' });
  const p = await ctx.newPage();
  await p.goto('/login');
  await p.screenshot({ path: `/tmp/i11shots/${name}-login.png` });
  await p.getByLabel(/邮箱|Email/).fill('mia@x.test');
  await p.getByLabel(/密码|Password/).fill('member-password-1');
  await p.locator('button[type=submit]').click();
  await p.waitForTimeout(2500);
  await p.goto(`/w/${ws}/apps/${app}`);
  await p.waitForTimeout(5000);
  await p.screenshot({ path: `/tmp/i11shots/${name}-app.png` });
  await p.getByTestId('new-record').click();
  await p.waitForTimeout(3000);
  await p.screenshot({ path: `/tmp/i11shots/${name}-new.png` });
  await p.keyboard.press('Escape');
  await p.goto(`/w/${ws}/inbox`);
  await p.waitForTimeout(4000);
  await p.screenshot({ path: `/tmp/i11shots/${name}-inbox.png` });
  const link = p.getByTestId('inbox-link').first();
  if (await link.count()) { await link.click(); await p.waitForTimeout(4000); await p.screenshot({ path: `/tmp/i11shots/${name}-record.png` }); }
  console.log(name, await p.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]));
}
await b.close();
