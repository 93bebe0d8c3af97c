import { describe, expect, it } from 'vitest';
import type { Template } from '../form/designer';
import {
  addRole,
  effectiveField,
  permission,
  removeRole,
  renameRole,
  RoleInUse,
  roleUsage,
  roles,
  setAction,
  setAllFieldRules,
  setFieldRule,
  setManage,
  setScope,
} from './model';

const base = (): Template => ({
  key: 'contracts',
  forms: [{ key: 'contract', name: { 'zh-CN': '合同' }, schema: { type: 'object', properties: { amount: { type: 'number' } } } }],
  roles: [
    { key: 'legal', name: { 'zh-CN': '法务', en: 'Legal' } },
    { key: 'finance', name: { 'zh-CN': '财务' } },
  ],
  permissions: [{ role: 'legal', form: 'contract', actions: ['read'], scope: 'all' }],
  pipelines: [{ key: 'approval', form: 'contract', nodes: [{ key: 'f', type: 'approval', assignees: [{ type: 'role', role: 'finance' }] }], edges: [] }],
});

describe('roles', () => {
  it('adds, renames in both languages and lists roles without touching the input', () => {
    const t = base();
    const frozen = structuredClone(t);
    const added = addRole(t, 'auditor', { zh: '审计', en: 'Auditor' });
    expect(roles(added).map((r) => r.key)).toEqual(['legal', 'finance', 'auditor']);
    expect(addRole(added, 'auditor', { zh: 'x', en: '' })).toBe(added);
    expect(addRole(added, 'Bad Key', { zh: 'x', en: '' })).toBe(added);
    const renamed = renameRole(added, 'finance', { zh: '财务部', en: 'Finance' });
    expect(roles(renamed)[1]!.name).toEqual({ zh: '财务部', en: 'Finance' });
    expect(renameRole(renamed, 'finance', { zh: '财务部', en: 'Finance' })).toBe(renamed);
    expect(t).toEqual(frozen);
  });

  it('says where a role is used and refuses to delete one a pipeline assigns work to', () => {
    const t = base();
    expect(roleUsage(t, 'finance')).toEqual([{ kind: 'pipeline', pointer: '/pipelines/0/nodes/0/assignees/0', owner: 'approval' }]);
    expect(roleUsage(t, 'legal')).toEqual([{ kind: 'permission', pointer: '/permissions/0', owner: 'contract' }]);
    expect(() => removeRole(t, 'finance')).toThrow(RoleInUse);
    const removed = removeRole(t, 'legal');
    expect(roles(removed).map((r) => r.key)).toEqual(['finance']);
    expect(removed.permissions).toEqual([]);
  });
});

describe('permissions', () => {
  it('grants and withdraws actions, dropping a permission left with none', () => {
    let t = setAction(base(), 'finance', 'contract', 'export', true);
    t = setAction(t, 'finance', 'contract', 'read', true);
    expect(permission(t, 'finance', 'contract')!.actions).toEqual(['read', 'export']);
    t = setAction(setAction(t, 'finance', 'contract', 'read', false), 'finance', 'contract', 'export', false);
    expect(permission(t, 'finance', 'contract')).toBeUndefined();
    expect(setAction(t, 'finance', 'contract', 'read', false)).toBe(t);
  });

  it('sets the data scope, a filter scope keeping its filter', () => {
    let t = setScope(base(), 'legal', 'contract', 'departmentTree');
    expect(permission(t, 'legal', 'contract')!.scope).toBe('departmentTree');
    const filter = { field: 'amount', op: 'gt', value: 1000 };
    t = setScope(t, 'legal', 'contract', 'filter', filter);
    expect((t.permissions as unknown[])[0]).toMatchObject({ scope: { filter } });
    expect(permission(t, 'legal', 'contract')!.filter).toEqual(filter);
    t = setScope(t, 'legal', 'contract', 'all');
    expect((t.permissions as Record<string, unknown>[])[0]!.scope).toBeUndefined();
  });

  it('writes field rules and reports the effective access of every field', () => {
    let t = setFieldRule(base(), 'legal', 'contract', 'amount', 'hidden');
    expect(permission(t, 'legal', 'contract')!.fields).toEqual({ amount: 'hidden' });
    expect(effectiveField(permission(t, 'legal', 'contract'), 'amount')).toBe('hidden');
    expect(effectiveField(permission(t, 'legal', 'contract'), 'title')).toBe('read');
    t = setFieldRule(t, 'legal', 'contract', 'amount', undefined);
    expect((t.permissions as Record<string, unknown>[])[0]!.fields).toBeUndefined();
    const f = setAction(t, 'finance', 'contract', 'update', true);
    expect(effectiveField(permission(f, 'finance', 'contract'), 'amount')).toBe('edit');
  });

  it('gives every field the same access at once, leaving out rules that say what the actions give', () => {
    const keys = ['amount', 'title'];
    let t = setFieldRule(base(), 'legal', 'contract', 'amount', 'hidden');
    t = setAllFieldRules(t, 'legal', 'contract', keys, 'edit');
    expect(permission(t, 'legal', 'contract')!.fields).toEqual({ amount: 'edit', title: 'edit' });
    // Read is what a read-only permission gives every field: no rule is left.
    t = setAllFieldRules(t, 'legal', 'contract', keys, 'read');
    expect((t.permissions as Record<string, unknown>[])[0]!.fields).toBeUndefined();
    expect(keys.map((k) => effectiveField(permission(t, 'legal', 'contract'), k))).toEqual(['read', 'read']);
    t = setAllFieldRules(t, 'legal', 'contract', keys, 'hidden');
    expect(keys.map((k) => effectiveField(permission(t, 'legal', 'contract'), k))).toEqual(['hidden', 'hidden']);
    // A role without a permission on the form has nothing to set.
    expect(setAllFieldRules(base(), 'finance', 'contract', keys, 'edit')).toEqual(base());
  });

  it('lets a role manage the app through a permission without form', () => {
    const t = setManage(base(), 'legal', true);
    expect(permission(t, 'legal')!.actions).toEqual(['manage']);
    expect(permission(setManage(t, 'legal', false), 'legal')).toBeUndefined();
  });
});
