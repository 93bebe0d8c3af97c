import { describe, expect, it } from 'vitest';
import { addField, parseTemplate, type JsonObject, type Template } from '../../features/designers/form/designer';
import { lookupProblems, relationChoices, renameInLookups, shownChoices, withLookupField, withLookupRelation } from './model';

const doc: Template = parseTemplate({
  forms: [
    {
      key: 'order',
      schema: {
        type: 'object',
        properties: {
          title: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '标题' } } },
          customer: { type: 'string', 'x-formloom': { type: 'relation', label: { 'zh-CN': '客户', en: 'Customer' }, form: 'customer' } },
          owner: { type: 'string', 'x-formloom': { type: 'relation', label: { 'zh-CN': '负责人' }, form: 'staff' } },
          shown: { readOnly: true, 'x-formloom': { type: 'lookup', label: { 'zh-CN': '显示' }, relation: 'customer', field: 'name' } },
        },
      },
    },
    {
      key: 'customer',
      ui: { order: ['since', 'name'] },
      schema: {
        type: 'object',
        properties: {
          name: { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '名称', en: 'Name' } } },
          since: { type: 'string', format: 'date', 'x-formloom': { type: 'date', label: { 'zh-CN': '签约日期' } } },
          amount: { type: 'number', readOnly: true, 'x-formloom': { type: 'formula', expr: '1' } },
          contacts: { type: 'array', items: { type: 'object', properties: {} }, 'x-formloom': { type: 'subform' } },
          again: { readOnly: true, 'x-formloom': { type: 'lookup', relation: 'x', field: 'y' } },
        },
      },
    },
    { key: 'staff', schema: { type: 'object', properties: { name: { type: 'string', 'x-formloom': { type: 'member' } } } } },
  ],
});
const schema = doc.forms[0]!.schema as JsonObject;
const props = (s: JsonObject) => s.properties as Record<string, JsonObject>;

describe('lookup settings', () => {
  it('offers the relation fields beside it and the related form’s fields it may show, by label', () => {
    expect(relationChoices(schema, 'en')).toEqual([
      { value: 'customer', label: 'Customer' },
      { value: 'owner', label: '负责人' },
    ]);
    // In the form's order; not sub-forms, not other lookups (bad_lookup).
    expect(shownChoices(doc, 'customer', 'zh-CN').map((c) => c.label)).toEqual(['签约日期', '名称', 'amount']);
  });

  it('takes the JSON type and format of the field it shows', () => {
    const date = withLookupField(schema, 'shown', 'since', doc);
    expect(props(date).shown).toEqual({ readOnly: true, type: 'string', format: 'date', 'x-formloom': { type: 'lookup', label: { 'zh-CN': '显示' }, relation: 'customer', field: 'since' } });
    const num = withLookupField(date, 'shown', 'amount', doc);
    expect(props(num).shown).toMatchObject({ type: 'number' });
    expect(props(num).shown!.format).toBeUndefined();
  });

  it('following another relation keeps the field when the new form has it, else clears it', () => {
    const kept = withLookupRelation(schema, 'shown', 'owner', doc);
    expect(props(kept).shown!['x-formloom']).toMatchObject({ relation: 'owner', field: 'name' });
    const cleared = withLookupRelation(withLookupField(schema, 'shown', 'since', doc), 'shown', 'owner', doc);
    expect(props(cleared).shown).toEqual({ readOnly: true, 'x-formloom': { type: 'lookup', label: { 'zh-CN': '显示' }, relation: 'owner' } });
    expect(lookupProblems(doc, cleared, props(cleared).shown!)).toEqual({ field: 'pick' });
  });

  it('says what is missing, in order', () => {
    expect(lookupProblems(doc, schema, props(schema).shown!)).toEqual({});
    const lone = { type: 'object', properties: { l: { readOnly: true, 'x-formloom': { type: 'lookup' } } } };
    expect(lookupProblems(doc, lone, lone.properties.l as JsonObject)).toEqual({ relation: 'noRelations' });
    expect(lookupProblems(doc, schema, { readOnly: true, 'x-formloom': { type: 'lookup', relation: 'title' } })).toEqual({ relation: 'pick' });
    expect(lookupProblems(doc, schema, { readOnly: true, 'x-formloom': { type: 'lookup', relation: 'customer', field: 'contacts' } })).toEqual({ field: 'pick' });
  });

  it('a lookup from the palette follows the first relation and shows its form’s first field', () => {
    const t = addField(doc, 0, 'lookup', 'pick', { zh: '引用', en: '' });
    expect(props(t.forms[0]!.schema as JsonObject).pick).toEqual({
      readOnly: true,
      type: 'string',
      format: 'date',
      'x-formloom': { type: 'lookup', label: { 'zh-CN': '引用' }, relation: 'customer', field: 'since' },
    });
    // Without a relation field it is left to be completed, and says so.
    const bare = addField(doc, 2, 'lookup', 'pick', { zh: '引用', en: '' });
    const p = props(bare.forms[2]!.schema as JsonObject).pick!;
    expect(p).toEqual({ readOnly: true, 'x-formloom': { type: 'lookup', label: { 'zh-CN': '引用' } } });
    expect(lookupProblems(bare, bare.forms[2]!.schema as JsonObject, p)).toEqual({ relation: 'noRelations' });
  });

  it('follows a renamed relation, and a renamed field of the related form', () => {
    const a = renameInLookups(doc, 0, 'customer', 'client');
    expect(props(a.forms[0]!.schema as JsonObject).shown!['x-formloom']).toMatchObject({ relation: 'client', field: 'name' });
    const b = renameInLookups(doc, 1, 'name', 'fullName');
    expect(props(b.forms[0]!.schema as JsonObject).shown!['x-formloom']).toMatchObject({ relation: 'customer', field: 'fullName' });
    // The staff form's name is not the one shown.
    expect(renameInLookups(doc, 2, 'name', 'who')).toBe(doc);
  });
});
