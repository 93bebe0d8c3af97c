import { describe, expect, it } from 'vitest';
import type { RecordItem, RuntimeFormDef } from '../../shared/api/types';
import { toRjsf } from '../forms/schemaForm';
import { bulkEditable, bulkEditFailure, bulkForm, bulkPatch, everyMatch } from './bulkEdit';

// The meeting minutes' action item, as a member whose field rules make 完成时间 read-only.
const task: RuntimeFormDef = {
  key: 'task',
  name: { 'zh-CN': '行动项' },
  readOnly: ['doneAt'],
  actions: { create: false, read: true, update: true, delete: false, export: false, import: false },
  schema: {
    type: 'object',
    required: ['title', 'status'],
    properties: {
      no: { type: 'string', readOnly: true, 'x-formloom': { type: 'serial', label: { 'zh-CN': '编号' } } },
      title: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '事项' } } },
      owner: { type: 'string', 'x-formloom': { type: 'member', label: { 'zh-CN': '负责人' } } },
      status: {
        type: 'string',
        'x-formloom': {
          type: 'select',
          label: { 'zh-CN': '状态' },
          options: [
            { value: 'open', label: { 'zh-CN': '未完成' } },
            { value: 'done', label: { 'zh-CN': '已完成' } },
          ],
        },
      },
      reason: { type: 'string', 'x-formloom': { type: 'textarea', label: { 'zh-CN': '延期原因' }, requiredWhen: { properties: { status: { const: 'late' } } } } },
      hours: { type: 'number', 'x-formloom': { type: 'number', label: { 'zh-CN': '工时' } } },
      cost: { type: 'number', readOnly: true, 'x-formloom': { type: 'formula', label: { 'zh-CN': '成本' }, expression: 'hours * 100' } },
      doneAt: { type: 'string', format: 'date', 'x-formloom': { type: 'date', label: { 'zh-CN': '完成时间' } } },
      files: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'attachment', label: { 'zh-CN': '附件' } } },
      steps: { type: 'array', items: { type: 'object', properties: { s: { type: 'string' } } }, 'x-formloom': { type: 'subform', label: { 'zh-CN': '步骤' } } },
    },
  },
  ui: { order: ['no', 'title', 'owner', 'status', 'reason', 'hours', 'cost', 'doneAt', 'files', 'steps'], fields: { reason: { width: 'half', visibleWhen: { properties: { status: { const: 'late' } } } } as never } },
};

describe('批量修改', () => {
  it('offers the fields one value can be set on for many records, in the form’s order', () => {
    const shown = toRjsf(task, { language: 'zh-CN' }).fields;
    // No serial, formula, read-only field (the member's rule), file or sub-form.
    expect(bulkEditable(task, shown)).toEqual(['title', 'owner', 'status', 'reason', 'hours']);
  });

  it('enters the value with the field as the form has it, without rules that read other fields, not required', () => {
    const one = bulkForm(task, 'reason');
    expect(Object.keys(one.schema.properties ?? {})).toEqual(['reason']);
    expect(one.schema.required).toBeUndefined();
    expect(one.schema.properties?.reason?.['x-formloom']?.requiredWhen).toBeUndefined();
    expect((one.ui?.fields as Record<string, Record<string, unknown>>).reason).toEqual({});
    const rjsf = toRjsf(bulkForm(task, 'status'), { language: 'zh-CN' });
    expect(rjsf.fields).toEqual(['status']);
    expect(rjsf.schema.properties?.status?.enum).toEqual(['open', 'done']);
    expect((rjsf.uiSchema.status as Record<string, unknown> | undefined)?.['ui:enumNames']).toEqual(['未完成', '已完成']);
  });

  it('sends the value, or null to clear the field', () => {
    expect(bulkPatch('status', 'done')).toEqual({ status: 'done' });
    expect(bulkPatch('hours', 0)).toEqual({ hours: 0 });
    expect(bulkPatch('owner', undefined)).toEqual({ owner: null });
    expect(bulkPatch('title', '')).toEqual({ title: null });
    expect(bulkPatch('tags', [])).toEqual({ tags: null });
  });

  it('says why a record was left unchanged, naming fields by their labels', () => {
    const label = (k: string) => ({ status: '状态' })[k] ?? k;
    expect(bulkEditFailure('r1', 'XD-001 整理预算表', '提交的数据未通过校验。', { '/status': { code: 'required', message: '此项为必填项。' } }, label, 'zh-CN')).toEqual({
      id: 'r1',
      name: 'XD-001 整理预算表',
      message: '状态：此项为必填项。',
    });
    expect(bulkEditFailure('r2', 'XD-002', 'The record is in a pipeline.', {}, label, 'en').message).toBe('The record is in a pipeline.');
    expect(bulkEditFailure('r3', 'XD-003', 'Invalid', { '/status': { code: 'required', message: 'Required.' } }, label, 'en').message).toBe('状态: Required.');
  });
});

describe('every record a filter matches', () => {
  const rec = (id: string) => ({ id, version: 1, data: {}, created: '', updated: '' }) as unknown as RecordItem;
  const pages: Record<string, { items: RecordItem[]; next?: string }> = {
    '': { items: [rec('a'), rec('b')], next: 'c2' },
    c2: { items: [rec('c'), rec('d')], next: 'c3' },
    c3: { items: [rec('e')] },
  };

  it('reads the pages one after another until the last', async () => {
    const asked: string[] = [];
    const got = await everyMatch(async (cursor) => {
      asked.push(cursor);
      return pages[cursor]!;
    });
    expect(got.more).toBe(false);
    expect(got.items.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(asked).toEqual(['', 'c2', 'c3']);
  });

  it('says so when there are more than it may work on, and stops reading', async () => {
    const asked: string[] = [];
    const got = await everyMatch(async (cursor) => {
      asked.push(cursor);
      return pages[cursor]!;
    }, 3);
    expect(got).toMatchObject({ more: true });
    expect(got.items).toHaveLength(3);
    expect(asked).toEqual(['', 'c2']);
  });
});
