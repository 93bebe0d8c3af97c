// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { namespacesEn, namespacesZhCN } from './namespaces';
import { LANGUAGE_STORAGE_KEY, createI18n, currentLanguage, detectLanguage, resources, setLanguage } from '.';

type Tree = { [k: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const zh = leaves(resources['zh-CN'].translation as unknown as Tree);
  const en = leaves(resources.en.translation as unknown as Tree);

  it('have the same keys in both languages', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    expect(en.size).toBeGreaterThan(20);
  });

  it('have no empty texts', () => {
    for (const [lang, m] of [['zh-CN', zh], ['en', en]] as const) {
      for (const [k, v] of m) expect(v.trim(), `${lang} ${k}`).not.toBe('');
    }
  });

  it('use the same interpolation variables in both languages', () => {
    for (const [k, v] of en) expect(vars(zh.get(k) ?? ''), k).toEqual(vars(v));
  });

  it('use the agreed Chinese business terms', () => {
    expect(zh.get('header.workspaces')).toBe('工作区');
    expect(namespacesZhCN.workspace.workspace.tabs.members).toBe('成员');
    expect(namespacesZhCN.workspace.workspace.tabs.departments).toBe('部门');
    expect(namespacesZhCN.org.head).toBe('负责人');
    expect(namespacesZhCN.members.invite).toBe('邀请成员');
    expect(namespacesZhCN.auth.login.submit).toBe('登录');
    expect(zh.get('header.signOut')).toBe('退出登录');
  });
});

describe('detectLanguage', () => {
  it('prefers the stored choice', () => {
    expect(detectLanguage('en', ['zh-CN'])).toBe('en');
    expect(detectLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
  });

  it('gives zh-CN to browsers that prefer Chinese', () => {
    expect(detectLanguage(null, ['zh-CN', 'en'])).toBe('zh-CN');
    expect(detectLanguage(null, ['zh-TW'])).toBe('zh-CN');
    expect(detectLanguage(null, ['zh'])).toBe('zh-CN');
    expect(detectLanguage(null, ['fr-FR', 'zh-Hans-CN', 'en'])).toBe('zh-CN');
  });

  it('falls back to English', () => {
    expect(detectLanguage(null, ['en-GB', 'zh-CN'])).toBe('en');
    expect(detectLanguage(null, ['fr-FR', 'de'])).toBe('en');
    expect(detectLanguage('xx', [])).toBe('en');
  });
});

describe('i18n instance', () => {
  it('translates in the chosen language and switches with the choice remembered', async () => {
    localStorage.removeItem(LANGUAGE_STORAGE_KEY);
    const i18n = createI18n('zh-CN');
    expect(currentLanguage(i18n)).toBe('zh-CN');
    expect(i18n.t('header.signOut')).toBe('退出登录');
    expect(i18n.t('login.tooManyAttempts', { ns: 'auth', seconds: 5 })).toBe('尝试次数过多，请 5 秒后再试。');
    // a feature's texts resolve through its namespace, in the same language
    expect(i18n.t('stage', { ns: 'records' })).toBe('阶段');
    expect(i18n.t('run.status.approved', { ns: 'flow' })).toBe('已通过');
    expect(i18n.t('types.money', { ns: 'designers' })).toBe('金额');
    expect(i18n.t('bell.title', { ns: 'notify' })).toBe('通知');
    expect(i18n.t('notFound.title', { ns: 'app' })).toBe('页面不存在');

    await setLanguage(i18n, 'en');
    expect(currentLanguage(i18n)).toBe('en');
    expect(i18n.t('header.signOut')).toBe('Sign out');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
});

describe('feature namespaces', () => {
  it('hold the texts of their features: the shared file keeps only what every screen uses', () => {
    for (const moved of ['flow', 'designer', 'notifications', 'notFound']) expect(Object.keys(resources.en.translation)).not.toContain(moved);
  });

  for (const ns of Object.keys(namespacesEn) as (keyof typeof namespacesEn)[]) {
    it(`${ns} has the same keys and variables in both languages, none empty`, () => {
      const zh = leaves(namespacesZhCN[ns] as unknown as Tree);
      const en = leaves(namespacesEn[ns] as unknown as Tree);
      expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
      for (const [k, v] of en) {
        expect(v.trim(), `en ${ns}.${k}`).not.toBe('');
        expect((zh.get(k) ?? '').trim(), `zh-CN ${ns}.${k}`).not.toBe('');
        expect(vars(zh.get(k) ?? ''), k).toEqual(vars(v));
      }
    });
  }
});
