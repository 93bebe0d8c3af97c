import { describe, expect, it } from 'vitest';
import type { FormDef } from '../../shared/api/types';
import { toRjsf } from '../forms/schemaForm';

describe('plain default values in the generated form', () => {
  it('keeps the JSON Schema default of a field, which the form fills into a new record', () => {
    const form = {
      key: 'purchase',
      name: { 'zh-CN': '采购' },
      schema: {
        type: 'object',
        properties: {
          qty: { type: 'number', default: 1, 'x-formloom': { type: 'number', label: { 'zh-CN': '数量' } } },
          grade: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '等级' }, linked: { form: 'vendor', match: [], value: 'level' } } },
        },
      },
    } as unknown as FormDef;
    const rjsf = toRjsf(form, { language: 'zh-CN', members: [], departments: [] });
    expect(rjsf.schema.properties?.qty?.default).toBe(1);
    // The linked default is the server's: nothing of it reaches the browser's validator.
    expect(JSON.stringify(rjsf.schema)).not.toContain('linked');
  });
});

describe('current-user defaults in the generated form', () => {
  const form = {
    key: 'contract',
    name: { 'zh-CN': '合同' },
    schema: {
      type: 'object',
      properties: {
        applicant: { type: 'string', 'x-formloom': { type: 'member', label: { 'zh-CN': '申请人' }, default: 'currentUser' } },
        watchers: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'member', multiple: true, default: 'currentUser' } },
        dept: { type: 'string', 'x-formloom': { type: 'department', label: { 'zh-CN': '申请部门' }, default: 'currentDepartment' } },
        depts: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'department', multiple: true, default: 'currentDepartment' } },
        reviewer: { type: 'string', 'x-formloom': { type: 'member', label: { 'zh-CN': '审核人' } } },
      },
    },
  } as unknown as FormDef;
  const people = {
    members: [
      { value: 'u-li', label: '李雷' },
      { value: 'u-han', label: '韩梅梅' },
    ],
    departments: [
      { value: 'd-sales', label: '销售部' },
      { value: 'd-east', label: '华东区' },
    ],
  };

  it('starts a new record with the member filling it and their departments', () => {
    const rjsf = toRjsf(form, { language: 'zh-CN', ...people, creator: { user: 'u-li', departments: ['d-sales', 'd-east'] } });
    const p = rjsf.schema.properties!;
    expect(p.applicant?.default).toBe('u-li');
    expect(p.watchers?.default).toEqual(['u-li']);
    expect(p.dept?.default).toBe('d-sales');
    expect(p.depts?.default).toEqual(['d-sales', 'd-east']);
    expect(p.reviewer?.default).toBeUndefined();
  });

  it('leaves the fields empty without a creator (an existing record) or without departments', () => {
    const existing = toRjsf(form, { language: 'zh-CN', ...people }).schema.properties!;
    expect(Object.values(existing).filter((p) => p.default !== undefined)).toEqual([]);
    const rjsf = toRjsf(form, { language: 'zh-CN', ...people, creator: { user: 'u-li', departments: [] } });
    expect(rjsf.schema.properties!.dept?.default).toBeUndefined();
    expect(rjsf.schema.properties!.applicant?.default).toBe('u-li');
  });
});
