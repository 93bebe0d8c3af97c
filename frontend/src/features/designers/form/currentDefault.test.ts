import { describe, expect, it } from 'vitest';
import { property, type JsonObject, type Template } from './designer';
import { currentDefault, defaultOf, withDefault } from './linked';

const contract = (): Template => ({
  key: 'contracts',
  forms: [
    {
      key: 'contract',
      schema: {
        type: 'object',
        properties: {
          title: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '合同名称' } } },
          applicant: { type: 'string', 'x-formloom': { type: 'member', label: { 'zh-CN': '申请人', en: 'Applicant' } } },
          watchers: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'member', multiple: true } },
          dept: { type: 'string', 'x-formloom': { type: 'department', label: { 'zh-CN': '申请部门' } } },
        },
      },
    },
  ],
});

const meta = (t: Template, key: string) => property(t.forms[0]!, key)!['x-formloom'] as JsonObject;

describe('current-user defaults in the designer', () => {
  it('offers the current user to member fields and their department to department fields only', () => {
    expect(currentDefault('member')).toBe('currentUser');
    expect(currentDefault('department')).toBe('currentDepartment');
    expect(currentDefault('text')).toBeUndefined();
    expect(currentDefault('relation')).toBeUndefined();
  });

  it('writes x-formloom.default by the field type and reads it back, single or multiple', () => {
    let t = withDefault(contract(), 0, 'applicant', { mode: 'current' });
    t = withDefault(t, 0, 'watchers', { mode: 'current' });
    t = withDefault(t, 0, 'dept', { mode: 'current' });
    expect(meta(t, 'applicant')).toEqual({ type: 'member', label: { 'zh-CN': '申请人', en: 'Applicant' }, default: 'currentUser' });
    expect(meta(t, 'watchers').default).toBe('currentUser');
    expect(meta(t, 'dept').default).toBe('currentDepartment');
    expect(property(t.forms[0]!, 'applicant')!.default).toBeUndefined();
    for (const key of ['applicant', 'watchers', 'dept']) expect(defaultOf(t.forms[0]!, key)).toEqual({ mode: 'current' });
  });

  it('replaces a linked default, and is removed by another kind or none', () => {
    const linked = { form: 'contract', match: [{ field: 'title', equals: 'title' }], value: 'applicant' };
    let t = withDefault(contract(), 0, 'applicant', { mode: 'linked', linked });
    t = withDefault(t, 0, 'applicant', { mode: 'current' });
    expect(meta(t, 'applicant').linked).toBeUndefined();
    t = withDefault(t, 0, 'applicant', { mode: 'linked', linked });
    expect(meta(t, 'applicant').default).toBeUndefined();
    expect(defaultOf(t.forms[0]!, 'applicant')).toEqual({ mode: 'linked', linked });
    t = withDefault(withDefault(t, 0, 'dept', { mode: 'current' }), 0, 'dept', { mode: 'none' });
    expect(meta(t, 'dept')).toEqual({ type: 'department', label: { 'zh-CN': '申请部门' } });
  });

  it('never writes it on a field of another type, and does not read a value meant for another type', () => {
    const t = withDefault(contract(), 0, 'title', { mode: 'current' });
    expect(meta(t, 'title').default).toBeUndefined();
    const wrong = structuredClone(contract());
    meta(wrong, 'dept').default = 'currentUser';
    expect(defaultOf(wrong.forms[0]!, 'dept')).toEqual({ mode: 'none' });
  });
});
