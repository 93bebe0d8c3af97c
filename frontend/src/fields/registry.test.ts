import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { designersEn } from '../features/designers/locales/en';
import { designersZhCN } from '../features/designers/locales/zh-CN';
import { addField, defaultProperty, fieldView, parseTemplate, PALETTE, COMPUTED_TYPES, type PaletteType } from '../features/designers/form/designer';
import { toRjsf } from '../features/forms/schemaForm';
import type { FormDef } from '../shared/api/types';
import { FIELD_PANELS } from './panels';
import { kindOfType } from '../features/designers/query/fields';
import { FIELD_TYPES, fieldType } from './registry';
import { anyFieldType } from './foreign';
import { filterKind, searchFields } from '../features/records/query';
import { recordTitle } from '../features/forms/schemaForm';
import { inRows } from '../features/designers/form/subform';
import { hasDefault } from '../features/designers/form/linked';

/**
 * builder/form's TestTypesFixture writes the types the server registers to
 * testdata/types.json; the UI's registry must hold exactly those, so that a type added on
 * one side only fails here or there.
 */
interface TypesFixture {
  types: { type: string; keys: string[]; computed: boolean; label: { en: string; 'zh-CN': string } }[];
}

const fixture = JSON.parse(readFileSync(new URL('./testdata/types.json', import.meta.url), 'utf8')) as TypesFixture;
const serverTypes = new Map(fixture.types.map((t) => [t.type, t]));

describe('field-type registry', () => {
  it('holds exactly the types the server registers', () => {
    expect(Object.keys(FIELD_TYPES).sort()).toEqual([...serverTypes.keys()].sort());
    for (const [name, def] of Object.entries(FIELD_TYPES)) expect(def.type).toBe(name);
  });

  it('marks as computed exactly the types the server works out', () => {
    for (const [name, def] of Object.entries(FIELD_TYPES)) expect(def.computed === true, name).toBe(serverTypes.get(name)!.computed);
  });

  it('looks types up by name only', () => {
    expect(fieldType('money')?.type).toBe('money');
    expect(fieldType('rating')).toBeUndefined();
    expect(fieldType('toString')).toBeUndefined();
    expect(fieldType(undefined)).toBeUndefined();
  });

  it('offers in the palette only types the designer names in both languages', () => {
    expect(PALETTE.length).toBeGreaterThan(10);
    for (const type of PALETTE) {
      expect(designersEn.types[type], type).toBeTruthy();
      expect(designersZhCN.types[type as PaletteType], type).toBeTruthy();
    }
  });

  it('gives each palette type a new property the server accepts the keys of', () => {
    for (const type of PALETTE) {
      const prop = defaultProperty(type, { zh: '字段', en: 'Field' }, { otherForm: 'other' });
      const meta = prop['x-formloom'] as Record<string, unknown>;
      expect(meta.type, type).toBe(type);
      const allowed = new Set(['type', 'label', ...serverTypes.get(type)!.keys]);
      for (const k of Object.keys(meta)) expect(allowed.has(k), `${type}: ${k}`).toBe(true);
    }
  });

  it('drives the designer: computed types cannot be required, every palette type has settings without JSON', () => {
    expect([...COMPUTED_TYPES].sort()).toEqual(['formula', 'lookup', 'serial']);
    for (const type of ['relation', 'lookup', 'serial']) expect(FIELD_PANELS[type], type).toBeDefined();
    expect(PALETTE.slice(PALETTE.indexOf('relation'), PALETTE.indexOf('relation') + 2)).toEqual(['relation', 'lookup']);
    const t = addField(parseTemplate({ forms: [{ key: 'f', schema: { type: 'object', properties: {} } }] }), 0, 'select', 'pick', { zh: '选', en: 'Pick' });
    expect(fieldView(t.forms[0]!, 'pick')?.options.map((o) => o.value)).toEqual(['option1', 'option2']);
  });

  it('tells the query designers how each type compares', () => {
    expect(['text', 'number', 'money', 'checkbox', 'date', 'datetime', 'select', 'multiselect', 'attachment', 'subform', 'member'].map((t) => kindOfType(t))).toEqual([
      'string',
      'number',
      'number',
      'bool',
      'date',
      'date',
      'string',
      'list',
      'list',
      'list',
      'string',
    ]);
  });

  it('has a settings panel only for registered types', () => {
    for (const type of Object.keys(FIELD_PANELS)) expect(serverTypes.has(type), type).toBe(true);
    expect(FIELD_PANELS.money).toBeDefined();
    expect(FIELD_PANELS.select).toBeDefined();
  });

  it('drives generated forms: widgets, default lengths and what is left out', () => {
    const form = {
      key: 'f',
      schema: {
        type: 'object',
        properties: {
          note: { type: 'string', 'x-formloom': { type: 'textarea' } },
          name: { type: 'string', 'x-formloom': { type: 'text' } },
          files: { type: 'array', items: { type: 'string' }, 'x-formloom': { type: 'attachment' } },
          owner: { type: 'string', 'x-formloom': { type: 'member' } },
        },
      },
    } as unknown as FormDef;
    const out = toRjsf(form, { language: 'en', members: [{ value: 'u1', label: 'Ann' }] });
    expect(out.fields).toEqual(['note', 'name', 'owner']);
    expect(out.uiSchema.note).toMatchObject({ 'ui:widget': 'textarea' });
    expect(out.schema.properties?.note?.maxLength).toBe(10000);
    expect(out.schema.properties?.name?.maxLength).toBe(200);
    expect(out.schema.properties?.owner?.enum).toEqual(['u1']);
  });

  it('drives the screens that used to list types by name', () => {
    const props = { name: { type: 'string', 'x-formloom': { type: 'text' } }, n: { readOnly: true, 'x-formloom': { type: 'serial' } }, pic: { type: 'string', 'x-formloom': { type: 'image' } } };
    const form = { key: 'f', schema: { type: 'object', properties: props } } as unknown as FormDef;
    // A serial is text to filter and search whatever its schema says; brought-in images offer no filter.
    expect(filterKind(form.schema.properties!.n)).toBe('text');
    expect(filterKind(form.schema.properties!.pic)).toBe('none');
    expect(searchFields(form)).toEqual(['name', 'n']);
    expect(recordTitle(form, { data: { n: 'NO-1', name: 'Ann' } })).toBe('Ann');
    // Computed types (and brought-in autonumbers) are the server's: public links do not offer them.
    expect(['text', 'serial', 'formula', 'lookup', 'autonumber', 'image'].filter((t) => anyFieldType(t)?.computed)).toEqual(['serial', 'formula', 'lookup', 'autonumber']);
    expect(Object.keys(FIELD_TYPES).filter((t) => !inRows(t)).sort()).toEqual(['serial', 'subform']);
    expect(Object.keys(FIELD_TYPES).filter((t) => !hasDefault(t)).sort()).toEqual(['formula', 'lookup', 'serial', 'subform']);
    expect(['attachment', 'image', 'file', 'text'].filter((t) => anyFieldType(t)?.files)).toEqual(['attachment', 'image', 'file']);
  });
});
