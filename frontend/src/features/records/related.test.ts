import { describe, expect, it } from 'vitest';
import type { FormDef } from '../../shared/api/types';
import { linkValue, referrers, relatedColumns, relatedFilter, titleField } from './related';

const meeting: FormDef = {
  key: 'meeting',
  name: { 'zh-CN': '会议纪要', en: 'Meeting minutes' },
  schema: { type: 'object', properties: { title: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '会议名称' } } } } },
};
const task: FormDef = {
  key: 'task',
  name: { 'zh-CN': '任务', en: 'Task' },
  schema: {
    type: 'object',
    properties: {
      meeting: { type: 'string', 'x-formloom': { type: 'relation', form: 'meeting', label: { 'zh-CN': '来源会议' } } },
      title: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '任务' } } },
      meetingTime: { type: 'string', readOnly: true, 'x-formloom': { type: 'lookup', relation: 'meeting', field: 'startAt', label: { 'zh-CN': '会议时间' } } },
      steps: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } }, 'x-formloom': { type: 'subform', label: { 'zh-CN': '步骤' } } },
      owner: { type: 'string', 'x-formloom': { type: 'member', label: { 'zh-CN': '负责人' } } },
      deadline: { type: 'string', format: 'date', 'x-formloom': { type: 'date', label: { 'zh-CN': '截止时间' } } },
      status: { type: 'string', enum: ['todo', 'done'], 'x-formloom': { type: 'select', label: { 'zh-CN': '状态' } } },
      notes: { type: 'string', 'x-formloom': { type: 'textarea', label: { 'zh-CN': '备注' } } },
    },
  },
  ui: { order: ['title', 'meeting', 'meetingTime', 'steps', 'owner', 'deadline', 'status', 'notes'] },
};
const goal: FormDef = {
  key: 'goal',
  name: { 'zh-CN': '目标', en: 'Goal' },
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '目标名称' } } },
      parent: { type: 'string', 'x-formloom': { type: 'relation', form: 'goal', label: { 'zh-CN': '上级目标' } } },
    },
  },
};

describe('related records', () => {
  it('finds the relation fields that link a form, named by their form', () => {
    expect(referrers([meeting, task, goal], 'meeting', 'zh-CN')).toEqual([{ form: 'task', field: 'meeting', title: '任务' }]);
    expect(referrers([meeting, task, goal], 'task', 'zh-CN')).toEqual([]);
  });

  it('names the field too when a form links its own records', () => {
    expect(referrers([meeting, task, goal], 'goal', 'zh-CN')).toEqual([{ form: 'goal', field: 'parent', title: '目标 · 上级目标' }]);
  });

  it('names the field when a form links another in two ways', () => {
    const two: FormDef = {
      ...task,
      schema: { ...task.schema, properties: { ...task.schema.properties, followup: { type: 'string', 'x-formloom': { type: 'relation', form: 'meeting', label: { 'zh-CN': '跟进会议' } } } } },
    };
    expect(referrers([two], 'meeting', 'zh-CN').map((r) => r.title)).toEqual(['任务 · 来源会议', '任务 · 跟进会议']);
  });

  it('shows the first listed fields besides the title, not the link back, its lookups or sub-forms', () => {
    expect(titleField(task)).toBe('title');
    expect(relatedColumns(task, 'meeting', titleField(task))).toEqual(['owner', 'deadline', 'status']);
  });

  it('links a new record by the ID, or a list of it for a field that links several', () => {
    expect(linkValue(task, 'meeting', 'r1')).toBe('r1');
    const many: FormDef = { ...task, schema: { ...task.schema, properties: { ...task.schema.properties, meeting: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'relation', form: 'meeting', multiple: true } } } } };
    expect(linkValue(many, 'meeting', 'r1')).toEqual(['r1']);
  });

  it('asks for the records whose field names the record', () => {
    expect(JSON.parse(relatedFilter('meeting', 'r1'))).toEqual({ field: 'meeting', op: 'eq', value: 'r1' });
  });
});
