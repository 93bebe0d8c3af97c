import { describe, expect, it } from 'vitest';
import { hasPick, notificationRecord, notificationText, settingsInput, togglePick, type Prefs } from './model';

const base: Prefs = { events: { task: ['email'], cc: [] }, digest: false, lang: 'zh-CN' };

describe('notify model', () => {
  it('shows an automation message in the UI language, not as an object', () => {
    const n = { id: '1', app: 'a', form: 'task', record: 'r', kind: 'notify', read: false, text: { 'zh-CN': '你有一项新的行动项', en: 'You have a new action item' } };
    const kind = (k: string) => `kind:${k}`;
    expect(notificationText(n, 'zh-CN', kind)).toBe('你有一项新的行动项');
    expect(notificationText(n, 'en', kind)).toBe('You have a new action item');
    expect(notificationText({ ...n, text: undefined, kind: 'task', nodeName: { 'zh-CN': '审批', en: 'Approval' } }, 'zh-CN', kind)).toBe('kind:task · 审批');
  });

  it('names the record by serial number and title, as far as they are known', () => {
    const n = { id: '1', app: 'a', form: 'lead', record: 'r', kind: 'task', read: false };
    expect(notificationRecord({ ...n, serial: 'XS-2026-00007', title: '展会询价' })).toBe('XS-2026-00007 展会询价');
    expect(notificationRecord({ ...n, serial: 'XS-2026-00007' })).toBe('XS-2026-00007');
    expect(notificationRecord(n)).toBe('');
  });

  it('toggles one channel of one kind', () => {
    const on = togglePick(base, 'cc', 'robot', true);
    expect(on.events.cc).toEqual(['robot']);
    expect(on.events.task).toEqual(['email']);
    expect(togglePick(on, 'cc', 'robot', true).events.cc).toEqual(['robot']);
    expect(togglePick(on, 'task', 'email', false).events.task).toEqual([]);
    expect(hasPick(on, 'cc', 'robot')).toBe(true);
    expect(hasPick(on, 'mention', 'email')).toBe(false);
  });

  it('saves only what was typed', () => {
    const out = settingsInput({
      smtp: { host: ' smtp.example.com ', port: '465' as unknown as number, security: 'tls', password: '', hasPassword: true, from: 'a@b.c' },
      robots: [
        { id: 'r1', name: '销售群', vendor: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?…', secret: '', hasSecret: true },
        { name: '', vendor: 'wecom', url: '' },
      ],
    });
    expect(out.smtp?.port).toBe(465);
    expect(out.smtp?.password).toBeUndefined();
    expect(out.robots).toHaveLength(1);
    expect(out.robots[0]?.secret).toBeUndefined();
    expect(settingsInput({ smtp: { host: '', port: 25, security: 'none', from: '' }, robots: [] }).smtp).toBeNull();
  });
});
