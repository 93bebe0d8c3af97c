import { describe, expect, it } from 'vitest';
import type { FormDef } from '../../shared/api/types';
import { creatorValues, startValues, toRjsf } from '../forms/schemaForm';

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

describe('current-user defaults of a new record', () => {
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
        note: { type: 'string', 'x-formloom': { type: 'text', default: 'currentUser' } },
      },
    },
  } as unknown as FormDef;
  const all = ['applicant', 'watchers', 'dept', 'depts', 'reviewer', 'note'];

  it('starts the shown fields as the member filling the form and her departments', () => {
    expect(creatorValues(form, all, { user: 'u-li', departments: ['d-sales', 'd-east'] })).toEqual({
      applicant: 'u-li',
      watchers: ['u-li'],
      dept: 'd-sales',
      depts: ['d-sales', 'd-east'],
    });
  });

  it('fills nothing without a creator, nothing the form does not show, and no department she does not have', () => {
    expect(creatorValues(form, all, undefined)).toEqual({});
    expect(creatorValues(form, ['dept', 'reviewer'], { user: 'u-li', departments: ['d-sales'] })).toEqual({ dept: 'd-sales' });
    expect(creatorValues(form, all, { user: 'u-li', departments: [] })).toEqual({ applicant: 'u-li', watchers: ['u-li'] });
  });
});

describe('plain defaults of a new record', () => {
  it('starts a new record with each shown field\'s schema default, next to the current-user ones', () => {
    const form = {
      key: 'task',
      name: { 'zh-CN': '任务' },
      schema: {
        type: 'object',
        properties: {
          title: { type: 'string', 'x-formloom': { type: 'text' } },
          status: { type: 'string', enum: ['todo', 'done'], default: 'todo', 'x-formloom': { type: 'select' } },
          qty: { type: 'number', default: 1, 'x-formloom': { type: 'number' } },
          owner: { type: 'string', 'x-formloom': { type: 'member', default: 'currentUser' } },
        },
      },
    } as unknown as FormDef;
    expect(startValues(form, ['title', 'status', 'owner'], { user: 'u1', departments: [] })).toEqual({ status: 'todo', owner: 'u1' });
    expect(startValues(form, ['qty'], undefined)).toEqual({ qty: 1 });
  });
});
