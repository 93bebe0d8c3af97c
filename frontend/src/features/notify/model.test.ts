import { describe, expect, it } from 'vitest';
import { hasPick, settingsInput, togglePick, type Prefs } from './model';

const base: Prefs = { events: { task: ['email'], cc: [] }, digest: false, lang: 'zh-CN' };

describe('notify model', () => {
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
