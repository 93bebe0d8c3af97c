import { describe, expect, it } from 'vitest';
import { addableRoles, roleLabel, type MemberRole } from './model';

const sales: MemberRole = { app: 'a1', appName: { 'zh-CN': '线索管理', en: 'Leads' }, role: 'sales', roleName: { 'zh-CN': '销售' }, via: 'member' };
const boss: MemberRole = { app: 'a1', appName: { 'zh-CN': '线索管理', en: 'Leads' }, role: 'boss', roleName: { 'zh-CN': '主管', en: 'Boss' }, via: 'department', department: 'd1' };
const held: MemberRole[] = [
  sales,
  boss,
  { app: 'a2', appName: { 'zh-CN': '会议' }, role: 'sales', roleName: { 'zh-CN': '销售' }, via: 'member' },
];

describe('roleLabel', () => {
  it('names the app and the role in the UI language, falling back to the other one', () => {
    expect(roleLabel(boss, 'en')).toBe('Leads · Boss');
    expect(roleLabel(sales, 'en')).toBe('Leads · 销售');
    expect(roleLabel(boss, 'zh-CN')).toBe('线索管理 · 主管');
  });
  it('falls back to the keys when names are missing', () => {
    expect(roleLabel({ app: 'x', appName: {}, role: 'r', roleName: {}, via: 'member' }, 'en')).toBe('x · r');
  });
});

describe('addableRoles', () => {
  const roles = [
    { key: 'sales', name: { 'zh-CN': '销售' } },
    { key: 'boss', name: { 'zh-CN': '主管' } },
    { key: 'ops', name: { 'zh-CN': '运营' } },
  ];
  it('leaves out roles held directly in that app only', () => {
    expect(addableRoles(roles, held, 'a1').map((r) => r.key)).toEqual(['boss', 'ops']);
    expect(addableRoles(roles, held, 'a2').map((r) => r.key)).toEqual(['boss', 'ops']);
    expect(addableRoles(roles, held, 'a3').map((r) => r.key)).toEqual(['sales', 'boss', 'ops']);
  });
});
