import { fieldKeys, fieldView, property, replaceProperty, type Json, type JsonObject, type Template } from './designer';
import { fieldType } from '../../../fields/registry';

/**
 * Default values of a field, as the template format says them: a plain default is the
 * standard JSON Schema `default` of the property; a linked default (数据联动) is
 * `x-formloom.linked` — the value of field `value` of the newest record of form `form` whose
 * fields equal this form's, pair by pair (`match`). A member field may start as the person
 * filling the form and a department field as their department(s): `x-formloom.default` is
 * `"currentUser"` or `"currentDepartment"` (the server fills it on create too). The server
 * evaluates linked defaults; these functions only read and write them.
 */

/** One condition of a linked default: the source form's field equals this form's field. */
export interface LinkCondition {
  field: string;
  equals: string;
}

export interface LinkedSetting {
  form: string;
  match: LinkCondition[];
  value: string;
}

/** PlainDefault is a default without people or linked data: all a sub-form's column may have. */
export type PlainDefault = { mode: 'none' } | { mode: 'value'; value: Json };
export type DefaultSetting = PlainDefault | { mode: 'linked'; linked: LinkedSetting } | { mode: 'current' };

/** currentDefault is what x-formloom.default says for a field of this type that starts as the current user (or their department); undefined when the type cannot. */
export function currentDefault(type: string): 'currentUser' | 'currentDepartment' | undefined {
  return fieldType(type)?.currentDefault;
}

/** The conditions a linked default may have (the server's MaxLinkMatches). */
export const MAX_LINK_CONDITIONS = 5;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Json | undefined): string => (typeof v === 'string' ? v : '');

/** hasDefault tells whether a field of this type may have a default value: types the server fills itself and sub-forms have none. */
export function hasDefault(type: string): boolean {
  const def = fieldType(type);
  return !def?.computed && !def?.rows;
}

/** manyValues: a field of this type holds a list or an object, so it cannot be a condition's field. */
function manyValues(type: string): boolean {
  const def = fieldType(type);
  return def?.list === true || def?.object === true;
}

/** defaultOf reads a field's default: linked wins over a plain one (the designer writes one or the other). */
export function defaultOf(form: JsonObject, key: string): DefaultSetting {
  const prop = property(form, key);
  if (!prop) return { mode: 'none' };
  const x = isObject(prop['x-formloom']) ? prop['x-formloom'] : {};
  if (typeof x.default === 'string' && x.default !== '' && x.default === currentDefault(str(x.type))) return { mode: 'current' };
  if (isObject(x.linked)) {
    const l = x.linked;
    const match = Array.isArray(l.match) ? l.match.filter(isObject).map((m) => ({ field: str(m.field), equals: str(m.equals) })) : [];
    return { mode: 'linked', linked: { form: str(l.form), match, value: str(l.value) } };
  }
  // A value chosen but not yet typed is held as null (the form and the server skip it), so
  // that choosing 自定义 shows its input instead of falling back to 无.
  if ('default' in prop) return { mode: 'value', value: prop.default ?? null };
  return { mode: 'none' };
}

/** withDefault sets a field's default (a copy of the template): the other kinds are removed. */
export function withDefault(t: Template, formIndex: number, key: string, setting: DefaultSetting): Template {
  const form = t.forms[formIndex];
  const prop = form && property(form, key);
  if (!prop) return t;
  const next: JsonObject = structuredClone(prop);
  const x: JsonObject = isObject(next['x-formloom']) ? next['x-formloom'] : {};
  delete next.default;
  delete x.linked;
  delete x.default;
  if (setting.mode === 'value') next.default = setting.value;
  const current = currentDefault(str(x.type));
  if (setting.mode === 'current' && current) x.default = current;
  if (setting.mode === 'linked') {
    const l = setting.linked;
    x.linked = { form: l.form, match: l.match.map((m) => ({ field: m.field, equals: m.equals })), value: l.value };
  }
  next['x-formloom'] = x;
  return replaceProperty(t, formIndex, key, next);
}

/** startLinked is a new linked default: the first other form (else this one) and one empty condition. */
export function startLinked(t: Template, formIndex: number): LinkedSetting {
  const other = t.forms.find((_, i) => i !== formIndex) ?? t.forms[formIndex];
  return { form: str(other?.key), match: [{ field: '', equals: '' }], value: '' };
}

/** A field a linked default may name, with its label in the language. */
export interface LinkField {
  key: string;
  label: string;
  type: string;
  /** The JSON type of its value ("string", "number", …; "" when the schema does not say one). */
  jsonType: string;
}

function linkFields(t: Template, formKey: string, language: string): LinkField[] {
  const form = t.forms.find((f) => f.key === formKey);
  if (!form) return [];
  return fieldKeys(form).map((key) => {
    const v = fieldView(form, key)!;
    const label = (language.startsWith('en') ? v.label.en || v.label.zh : v.label.zh || v.label.en) || key;
    const ty = property(form, key)?.type;
    return { key, label, type: v.type, jsonType: typeof ty === 'string' ? ty : '' };
  });
}

/** matchFields lists the fields of a form a condition may compare: those holding one value. */
export function matchFields(t: Template, formKey: string, language: string): LinkField[] {
  return linkFields(t, formKey, language).filter((f) => !manyValues(f.type) && f.jsonType !== 'array' && f.jsonType !== 'object');
}

/**
 * valueFields lists the fields of the source form whose value may be copied into a field
 * whose JSON type is jsonType: the same type (any when either does not say), never a sub-form or group.
 */
export function valueFields(t: Template, formKey: string, jsonType: string, language: string): LinkField[] {
  return linkFields(t, formKey, language).filter(
    (f) => !fieldType(f.type)?.rows && !fieldType(f.type)?.object && (jsonType === '' || f.jsonType === '' || f.jsonType === jsonType),
  );
}

/**
 * renameInLinked follows a field renamed in form formIndex into every linked default that
 * names it: the conditions of that form's fields (`equals`) and, in the linked defaults
 * reading that form, `field` and `value`.
 */
export function renameInLinked(t: Template, formIndex: number, from: string, to: string): Template {
  if (from === to) return t;
  const formKey = t.forms[formIndex]?.key;
  let out = t;
  t.forms.forEach((form, fi) => {
    for (const key of fieldKeys(form)) {
      const d = defaultOf(form, key);
      if (d.mode !== 'linked') continue;
      const l = d.linked;
      const here = fi === formIndex;
      const source = l.form === formKey;
      const renamed: LinkedSetting = {
        form: l.form,
        match: l.match.map((m) => ({ field: source && m.field === from ? to : m.field, equals: here && m.equals === from ? to : m.equals })),
        value: source && l.value === from ? to : l.value,
      };
      if (JSON.stringify(renamed) !== JSON.stringify(l)) out = withDefault(out, fi, key, { mode: 'linked', linked: renamed });
    }
  });
  return out;
}

/**
 * editDefault applies change to a field's default as the template holds it now: the
 * designer's lists each change one part (a condition, the copied field), and two changes
 * made before the panel shows the first must both be kept.
 */
export function editDefault(t: Template, formIndex: number, key: string, change: (current: DefaultSetting) => DefaultSetting): Template {
  const form = t.forms[formIndex];
  if (!form) return t;
  return withDefault(t, formIndex, key, change(defaultOf(form, key)));
}
