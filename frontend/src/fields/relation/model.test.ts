import { describe, expect, it } from 'vitest';
import { parseTemplate, type JsonObject, type Template } from '../../features/designers/form/designer';
import { lookupsFollowing, relationProblem, withRelationForm, withRelationMultiple } from './model';

const doc: Template = parseTemplate({
  forms: [
    {
      key: 'order',
      schema: {
        type: 'object',
        properties: {
          customer: { type: 'string', description: 'kept', 'x-formloom': { type: 'relation', label: { 'zh-CN': '客户' }, form: 'customer' } },
          level: { readOnly: true, type: 'string', 'x-formloom': { type: 'lookup', label: { 'zh-CN': '客户等级' }, relation: 'customer', field: 'level' } },
          signed: { readOnly: true, type: 'string', format: 'date', 'x-formloom': { type: 'lookup', relation: 'customer', field: 'signedOn' } },
        },
      },
    },
    {
      key: 'customer',
      schema: {
        type: 'object',
        properties: {
          level: { type: 'string', enum: ['a'], 'x-formloom': { type: 'select', options: [{ value: 'a' }] } },
          signedOn: { type: 'string', format: 'date', 'x-formloom': { type: 'date' } },
        },
      },
    },
    { key: 'supplier', schema: { type: 'object', properties: { level: { type: 'integer', 'x-formloom': { type: 'number' } } } } },
  ],
});
const schema = doc.forms[0]!.schema as JsonObject;
const props = (s: JsonObject) => s.properties as Record<string, JsonObject>;

describe('relation settings', () => {
  it('switches to several records and back, keeping its other keywords', () => {
    const many = withRelationMultiple(schema, 'customer', true, doc);
    expect(props(many).customer).toEqual({
      type: 'array',
      items: { type: 'string' },
      description: 'kept',
      'x-formloom': { type: 'relation', label: { 'zh-CN': '客户' }, form: 'customer', multiple: true },
    });
    // Lookups through it now copy a list.
    expect(props(many).level).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(props(many).signed).toMatchObject({ type: 'array', items: { type: 'string', format: 'date' } });
    const one = withRelationMultiple(many, 'customer', false, doc);
    expect(props(one).customer).toEqual(props(schema).customer);
    expect(props(one).signed).toEqual(props(schema).signed);
  });

  it('changing the related form keeps lookups whose field the new form has and clears the others', () => {
    const next = withRelationForm(schema, 'customer', 'supplier', doc);
    expect((props(next).customer!['x-formloom'] as JsonObject).form).toBe('supplier');
    expect(props(next).level).toEqual({ readOnly: true, type: 'integer', 'x-formloom': { type: 'lookup', label: { 'zh-CN': '客户等级' }, relation: 'customer', field: 'level' } });
    expect(props(next).signed).toEqual({ readOnly: true, 'x-formloom': { type: 'lookup', relation: 'customer' } });
    expect(lookupsFollowing(schema, 'customer')).toEqual(['level', 'signed']);
  });

  it('says when no form, or a form the app does not have, is chosen', () => {
    expect(relationProblem(doc, props(schema).customer)).toBeUndefined();
    expect(relationProblem(doc, { type: 'string', 'x-formloom': { type: 'relation', form: '' } })).toBe('noForm');
    expect(relationProblem(doc, { type: 'string', 'x-formloom': { type: 'relation', form: 'gone' } })).toBe('unknownForm');
  });
});
