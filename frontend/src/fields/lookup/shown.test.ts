import { describe, expect, it } from 'vitest';
import type { FormDef, JsonSchema } from '../../shared/api/types';
import { displayValue } from '../../features/forms/schemaForm';
import { lookupsShown } from './shown';

const meeting: FormDef = {
  key: 'meeting',
  name: '会议',
  schema: {
    type: 'object',
    properties: {
      startAt: { type: 'string', format: 'date-time', 'x-formloom': { type: 'datetime', label: '会议时间' } },
      level: { type: 'string', enum: ['a', 'b'], 'x-formloom': { type: 'select', options: [{ value: 'a', label: { 'zh-CN': '重点', en: 'Key' } }, { value: 'b', label: '普通' }] } },
      host: { type: 'string', 'x-formloom': { type: 'member' } },
    },
  },
};
const task: FormDef = {
  key: 'task',
  name: '任务',
  schema: {
    type: 'object',
    properties: {
      meeting: { type: 'string', 'x-formloom': { type: 'relation', form: 'meeting' } },
      meetingTime: { readOnly: true, 'x-formloom': { type: 'lookup', relation: 'meeting', field: 'startAt' } },
      meetingLevel: { readOnly: true, 'x-formloom': { type: 'lookup', relation: 'meeting', field: 'level' } },
      meetingHost: { type: 'string', readOnly: true, 'x-formloom': { type: 'lookup', relation: 'meeting', field: 'host' } },
      rows: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            m: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'relation', form: 'meeting', multiple: true } },
            when: { readOnly: true, 'x-formloom': { type: 'lookup', relation: 'm', field: 'startAt' } },
          },
        },
        'x-formloom': { type: 'subform' },
      },
    },
  },
};
const texts = { yes: '是', no: '否', name: (id: string) => (id === 'u1' ? '王组织' : id) };

describe('lookupsShown', () => {
  it('lets a lookup without type keywords read as the field it shows', () => {
    const t = lookupsShown([meeting, task])[1]!;
    const p = t.schema.properties! as Record<string, JsonSchema>;
    expect(p.meetingTime!.format).toBe('date-time');
    expect(displayValue(p.meetingTime!, '2026-12-07T01:00:00.000Z', 'zh-CN', texts)).not.toContain('T01');
    expect(displayValue(p.meetingLevel!, 'a', 'zh-CN', texts)).toBe('重点');
    expect(displayValue(p.meetingHost!, 'u1', 'zh-CN', texts)).toBe('王组织');
    // Without it the value is shown as stored.
    expect(displayValue(task.schema.properties!.meetingLevel!, 'a', 'zh-CN', texts)).toBe('a');
  });

  it('follows relations inside sub-form rows, several records giving a list', () => {
    const t = lookupsShown([meeting, task])[1]!;
    const when = t.schema.properties!.rows!.items!.properties!.when!;
    expect(when.type).toBe('array');
    expect(when.items?.format).toBe('date-time');
  });

  it('leaves forms alone when the related form is not there, or nothing is a lookup', () => {
    const only = [task];
    expect(lookupsShown(only)).toBe(only);
    const plain = [meeting];
    expect(lookupsShown(plain)).toBe(plain);
  });
});
