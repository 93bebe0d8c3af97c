import { describe, expect, it } from 'vitest';
import type { FormDef } from '../../shared/api/types';
import { copyValues } from './copyRecord';

const meeting: FormDef = {
  key: 'meeting',
  name: { 'zh-CN': '会议' },
  schema: {
    type: 'object',
    properties: {
      no: { type: 'string', readOnly: true, 'x-formloom': { type: 'serial' } },
      title: { type: 'string', 'x-formloom': { type: 'text' } },
      code: { type: 'string', 'x-formloom': { type: 'text', unique: true } },
      attendees: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'member', multiple: true } },
      topics: { type: 'array', items: { type: 'object', properties: { t: { type: 'string' } } }, 'x-formloom': { type: 'subform' } },
      files: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'attachment' } },
      minutes: { type: 'number', readOnly: true, 'x-formloom': { type: 'formula', expression: '1' } },
      place: { type: 'string', 'x-formloom': { type: 'text' } },
      host: { type: 'string', 'x-formloom': { type: 'member', default: 'currentUser' } },
      chair: { type: 'string', 'x-formloom': { type: 'member' } },
    },
  },
};

describe('复制 a record', () => {
  const data = { no: 'HY-001', title: '周例会', code: 'W49', attendees: ['u1', 'u2'], topics: [{ t: '进度' }], files: ['f1'], minutes: 60, place: null, secret: 'x', host: 'u1', chair: 'u2' };
  const shown = ['title', 'code', 'attendees', 'topics', 'files', 'minutes', 'place', 'host', 'chair'];

  it('copies what the member enters, not unique values, files, computed values, who fills it or what the form does not show', () => {
    expect(copyValues(meeting, shown, data)).toEqual({ title: '周例会', attendees: ['u1', 'u2'], topics: [{ t: '进度' }], chair: 'u2' });
  });

  it('gives the new record its own rows and lists', () => {
    const copy = copyValues(meeting, shown, data);
    (copy.topics as { t: string }[])[0]!.t = '改了';
    expect(data.topics[0]!.t).toBe('进度');
  });
});
