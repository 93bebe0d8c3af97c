import { describe, expect, it } from 'vitest';
import type { FormDef, RecordItem } from '../../shared/api/types';
import { cellText, columnLabel, groupKey, groupLabel, type MetaTexts } from './views';

const form: FormDef = {
  key: 'contract',
  name: { 'zh-CN': '合同', en: 'Contract' },
  schema: {
    type: 'object',
    properties: {
      title: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '标题', en: 'Title' } } },
      type: {
        type: 'string',
        'x-formloom': {
          type: 'select',
          label: { 'zh-CN': '类型', en: 'Type' },
          options: [
            { value: 'sales', label: { 'zh-CN': '销售合同', en: 'Sales' } },
            { value: 'other', label: { 'zh-CN': '其他' } },
          ],
        },
      },
    },
  },
};

const texts: MetaTexts & { yes: string; no: string } = {
  stage: 'Stage',
  due: 'Due',
  overdue: 'Overdue',
  status: 'Status',
  created: 'Created',
  updated: 'Updated',
  noValue: 'No value',
  flowStatus: (s) => (s === 'running' ? 'In progress' : s),
  yes: 'Yes',
  no: 'No',
};

describe('view columns', () => {
  it('names fields by their label in the UI language and pipeline members by their meaning', () => {
    expect(columnLabel(form, 'title', 'zh-CN', texts)).toBe('标题');
    expect(columnLabel(form, 'title', 'en', texts)).toBe('Title');
    expect(['_stage', '_due', '_overdue', '_flowStatus'].map((c) => columnLabel(form, c, 'en', texts))).toEqual([
      'Stage',
      'Due',
      'Overdue',
      'Status',
    ]);
    expect(columnLabel(form, 'gone', 'en', texts)).toBe('gone');
  });

  it('renders option labels, the stage, the flow status and whether it is overdue', () => {
    const rec: RecordItem = {
      id: 'r1',
      version: 1,
      data: { title: 'Acme', type: 'sales' },
      flow: { pipeline: 'p', status: 'running' },
      stage: '主管审核',
      overdue: true,
    };
    expect(cellText(form, rec, 'type', 'zh-CN', texts)).toBe('销售合同');
    expect(cellText(form, rec, '_stage', 'en', texts)).toBe('主管审核');
    expect(cellText(form, rec, '_flowStatus', 'en', texts)).toBe('In progress');
    expect(cellText(form, rec, '_overdue', 'en', texts)).toBe('Yes');
    expect(cellText(form, { id: 'r2', version: 1, data: {} }, '_overdue', 'en', texts)).toBe('');
  });
});

describe('kanban group labels', () => {
  it('uses the label the server sends, in the UI language, falling back to Chinese', () => {
    const g = { value: 'sales', label: { 'zh-CN': '销售合同', en: 'Sales' }, count: 2 };
    expect(groupLabel(g, form, 'type', 'en', 'No value')).toBe('Sales');
    expect(groupLabel(g, form, 'type', 'zh-CN', 'No value')).toBe('销售合同');
    expect(groupLabel({ value: 'other', label: { 'zh-CN': '其他' }, count: 1 }, form, 'type', 'en', 'No value')).toBe('其他');
  });

  it('falls back to the option of the form, then to the value, and names the column without a value', () => {
    expect(groupLabel({ value: 'sales', count: 1 }, form, 'type', 'en', 'No value')).toBe('Sales');
    expect(groupLabel({ value: 'gone', count: 1 }, form, 'type', 'en', 'No value')).toBe('gone');
    expect(groupLabel({ value: null, count: 3 }, form, 'type', 'en', 'No value')).toBe('No value');
    expect(groupKey({ value: null, count: 3 })).toBe('');
    expect(groupKey({ value: 'sales', count: 3 })).toBe('sales');
  });
});
