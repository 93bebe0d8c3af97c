import { describe, expect, it } from 'vitest';
import { addField, parseTemplate, type JsonObject } from '../features/designers/form/designer';
import { unfinished } from './unfinished';

describe('fields whose settings are unfinished', () => {
  it('marks a lookup without a relation, a relation without a form and a serial with a bad pattern', () => {
    let t = parseTemplate({ forms: [{ key: 'order', schema: { type: 'object', properties: {} } }] });
    t = addField(t, 0, 'lookup', 'shown', { zh: '引用', en: '' });
    t = addField(t, 0, 'serial', 'no', { zh: '编号', en: '' });
    const schema = () => t.forms[0]!.schema as JsonObject;
    // A new serial is valid; a lookup with nothing to follow is not; a relation with no other form has none.
    expect(unfinished(t, schema())).toEqual(['shown']);
    t = addField(t, 0, 'relation', 'rel', { zh: '关联', en: '' });
    expect(unfinished(t, schema())).toEqual(['shown', 'rel']);
    const props = schema().properties as Record<string, JsonObject>;
    props.no = { ...props.no, 'x-formloom': { type: 'serial', pattern: 'NO-{seq:0}' } };
    expect(unfinished(t, schema())).toEqual(['shown', 'no', 'rel']);
  });
});
