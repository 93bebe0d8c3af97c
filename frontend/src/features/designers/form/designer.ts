import { FIELD_TYPES, PALETTE_TYPES, fieldType } from '../../../fields/registry';
import type { designersEn } from '../locales/en';
import type { NewFieldContext } from '../../../fields/types';
import { pointerToPath } from '../../forms/formErrors';

/**
 * The form designer edits an app's template in place: the template stays the parsed JSON
 * the server sent, and every edit changes only the keywords the designer shows (a field's
 * label, its options, `required`, `ui.order`…). Pipelines, permissions, views and unknown
 * keywords of a field come back exactly as they were read.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

/** A template as the designer holds it: the whole document, with its forms. */
export interface Template extends JsonObject {
  forms: JsonObject[];
}

/** A text in both languages; Chinese is required by the format, English optional. */
export interface Texts {
  zh: string;
  en: string;
}

export interface OptionSetting {
  value: string;
  label: Texts;
}

/** The types the palette offers, in its order (src/fields/registry.ts). */
export const PALETTE = PALETTE_TYPES as readonly PaletteType[];

/** A type the palette offers: one the designer has a name for. */
export type PaletteType = keyof (typeof designersEn)['types'];

/** Server-owned types: they cannot be required. */
export const COMPUTED_TYPES: ReadonlySet<string> = new Set(Object.values(FIELD_TYPES).filter((d) => d.computed).map((d) => d.type));

/** What the designer shows of one field. */
export interface FieldView {
  key: string;
  type: string;
  label: Texts;
  required: boolean;
  help: Texts;
  placeholder: Texts;
  options: OptionSetting[];
  minimum?: number;
  maximum?: number;
  precision?: number;
  maxLength?: number;
}

/** The settings a field edit may change; absent members are left as they are. */
export type FieldPatch = Partial<Omit<FieldView, 'key' | 'type'>>;

export const FIELD_KEY = /^[a-z][a-zA-Z0-9_]{0,62}$/;
export const FORM_KEY = /^[a-z][a-z0-9_]{0,62}$/;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** parseTemplate checks that a draft has the shape the designer needs (an object with forms). */
export function parseTemplate(raw: unknown): Template {
  if (!isObject(raw)) throw new Error('template is not an object');
  if (!Array.isArray(raw.forms)) return { ...raw, forms: [] } as Template;
  return raw as Template;
}

function schemaOf(form: JsonObject): JsonObject {
  return isObject(form.schema) ? form.schema : {};
}

function propertiesOf(form: JsonObject): Record<string, JsonObject> {
  const props = schemaOf(form).properties;
  return (isObject(props) ? props : {}) as Record<string, JsonObject>;
}

function uiOf(form: JsonObject): JsonObject {
  return isObject(form.ui) ? form.ui : {};
}

function textsOf(v: Json | undefined): Texts {
  if (typeof v === 'string') return { zh: v, en: '' };
  if (!isObject(v)) return { zh: '', en: '' };
  return { zh: typeof v['zh-CN'] === 'string' ? v['zh-CN'] : '', en: typeof v.en === 'string' ? v.en : '' };
}

/** toText writes texts in the format's shape; undefined when both are empty. */
function toText(t: Texts, previous?: Json): JsonObject | undefined {
  if (t.zh === '' && t.en === '') return undefined;
  // Keep languages the designer does not show.
  const out: JsonObject = isObject(previous) ? { ...previous } : {};
  if (t.zh !== '') out['zh-CN'] = t.zh;
  else delete out['zh-CN'];
  if (t.en !== '') out.en = t.en;
  else delete out.en;
  return out;
}

function num(v: Json | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** fieldKeys lists a form's fields in display order: ui.order, then the rest in schema order. */
export function fieldKeys(form: JsonObject): string[] {
  const props = Object.keys(propertiesOf(form));
  const order = uiOf(form).order;
  const listed = Array.isArray(order) ? order.filter((k): k is string => typeof k === 'string' && props.includes(k)) : [];
  const unique = listed.filter((k, i) => listed.indexOf(k) === i);
  return [...unique, ...props.filter((k) => !unique.includes(k))];
}

/** fieldView reads what the designer shows of one field. */
export function fieldView(form: JsonObject, key: string): FieldView | undefined {
  const prop = propertiesOf(form)[key];
  if (!isObject(prop)) return undefined;
  const meta = isObject(prop['x-formloom']) ? prop['x-formloom'] : {};
  const required = schemaOf(form).required;
  const uiFields = uiOf(form).fields;
  const ui = isObject(uiFields) && isObject(uiFields[key]) ? uiFields[key] : {};
  const options = Array.isArray(meta.options)
    ? meta.options.filter(isObject).map((o) => ({ value: typeof o.value === 'string' ? o.value : '', label: textsOf(o.label) }))
    : [];
  return {
    key,
    type: typeof meta.type === 'string' ? meta.type : '',
    label: textsOf(meta.label),
    required: Array.isArray(required) && required.includes(key),
    help: textsOf(ui.help),
    placeholder: textsOf(ui.placeholder),
    options,
    minimum: num(prop.minimum),
    maximum: num(prop.maximum),
    precision: num(meta.precision),
    maxLength: num(prop.maxLength),
  };
}

/** defaultProperty is the JSON Schema of a new field of a type, as the format asks for it. */
export function defaultProperty(type: PaletteType, label: Texts, ctx: NewFieldContext = {}): JsonObject {
  const meta: JsonObject = { type, label: toText(label) ?? { 'zh-CN': type } };
  const make = fieldType(type)?.defaultProperty;
  if (!make) throw new Error(`the palette does not offer ${type}`);
  return make(meta, ctx);
}

/** newFieldKey picks a free key "field1", "field2"… for a form. */
export function newFieldKey(form: JsonObject): string {
  const taken = new Set(Object.keys(propertiesOf(form)));
  for (let n = 1; ; n++) if (!taken.has(`field${n}`)) return `field${n}`;
}

/** withForm applies fn to a copy of form i and returns the template with it. */
function withForm(t: Template, i: number, fn: (form: JsonObject) => void): Template {
  const next: Template = { ...t, forms: [...t.forms] };
  const form = clone(t.forms[i]!);
  fn(form);
  next.forms[i] = form;
  return next;
}

function ensureObject(parent: JsonObject, key: string): JsonObject {
  const v = parent[key];
  if (isObject(v)) return v;
  const o: JsonObject = {};
  parent[key] = o;
  return o;
}

/** setOrder writes ui.order as the full display order. */
function setOrder(form: JsonObject, keys: string[]): void {
  ensureObject(form, 'ui').order = keys;
}

/**
 * addField adds a field of a type at a display position (the end by default). ui.order is
 * only written when the position is not the schema's own order, or when it already exists.
 */
export function addField(t: Template, formIndex: number, type: PaletteType, key: string, label: Texts, at?: number): Template {
  const otherForm = t.forms.map((f) => f.key).find((k, i) => i !== formIndex && typeof k === 'string') as string | undefined;
  return withForm(t, formIndex, (form) => {
    const order = fieldKeys(form);
    const schema = ensureObject(form, 'schema');
    if (schema.type === undefined) schema.type = 'object';
    ensureObject(schema, 'properties')[key] = defaultProperty(type, label, { otherForm, schema: clone(schema), doc: t });
    const pos = at === undefined || at < 0 || at > order.length ? order.length : at;
    if (pos < order.length || Array.isArray(uiOf(form).order)) {
      setOrder(form, [...order.slice(0, pos), key, ...order.slice(pos)]);
    }
  });
}

/** removeField deletes a field with its required entry, its place in ui.order and its ui settings. */
export function removeField(t: Template, formIndex: number, key: string): Template {
  return withForm(t, formIndex, (form) => {
    const schema = schemaOf(form);
    const props = propertiesOf(form);
    delete props[key];
    if (Array.isArray(schema.required)) {
      schema.required = schema.required.filter((k) => k !== key);
      if (schema.required.length === 0) delete schema.required;
    }
    const ui = uiOf(form);
    if (Array.isArray(ui.order)) ui.order = ui.order.filter((k) => k !== key);
    if (isObject(ui.fields)) delete ui.fields[key];
  });
}

/** moveField moves the field at display position from to position to, writing ui.order. */
export function moveField(t: Template, formIndex: number, from: number, to: number): Template {
  return withForm(t, formIndex, (form) => {
    const order = fieldKeys(form);
    if (from < 0 || from >= order.length || to < 0 || to >= order.length || from === to) return;
    const [moved] = order.splice(from, 1);
    order.splice(to, 0, moved!);
    setOrder(form, order);
  });
}

/** renameField changes a (new) field's key everywhere the form names it, keeping its place. */
export function renameField(t: Template, formIndex: number, from: string, to: string): Template {
  if (from === to) return t;
  return withForm(t, formIndex, (form) => {
    const schema = schemaOf(form);
    const props = propertiesOf(form);
    if (!(from in props) || to in props) return;
    schema.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k === from ? to : k, v]));
    if (Array.isArray(schema.required)) schema.required = schema.required.map((k) => (k === from ? to : k));
    const ui = uiOf(form);
    if (Array.isArray(ui.order)) ui.order = ui.order.map((k) => (k === from ? to : k));
    // A sub-form's columns keep their settings under "key.column": they follow the key.
    const moved = (k: string) => (k === from ? to : k.startsWith(`${from}.`) ? `${to}${k.slice(from.length)}` : k);
    if (isObject(ui.fields) && Object.keys(ui.fields).some((k) => moved(k) !== k)) {
      ui.fields = Object.fromEntries(Object.entries(ui.fields).map(([k, v]) => [moved(k), v]));
    }
  });
}

function setOrDelete(obj: JsonObject, key: string, value: Json | undefined): void {
  if (value === undefined) delete obj[key];
  else obj[key] = value;
}

/** updateField writes the settings in patch into a field; everything else of it is kept. */
export function updateField(t: Template, formIndex: number, key: string, patch: FieldPatch): Template {
  return withForm(t, formIndex, (form) => {
    const schema = schemaOf(form);
    const prop = propertiesOf(form)[key];
    if (!isObject(prop)) return;
    const meta = ensureObject(prop, 'x-formloom');
    if (patch.label !== undefined) setOrDelete(meta, 'label', toText(patch.label, meta.label));
    if (patch.required !== undefined) {
      const req = Array.isArray(schema.required) ? schema.required.filter((k) => k !== key) : [];
      if (patch.required) req.push(key);
      if (req.length > 0) schema.required = req;
      else delete schema.required;
    }
    if (patch.help !== undefined || patch.placeholder !== undefined) {
      const ui = ensureObject(form, 'ui');
      const fields = ensureObject(ui, 'fields');
      const f = ensureObject(fields, key);
      if (patch.help !== undefined) setOrDelete(f, 'help', toText(patch.help, f.help));
      if (patch.placeholder !== undefined) setOrDelete(f, 'placeholder', toText(patch.placeholder, f.placeholder));
      if (Object.keys(f).length === 0) delete fields[key];
      if (Object.keys(fields).length === 0) delete ui.fields;
      if (Object.keys(ui).length === 0) delete form.ui;
    }
    // Only choice fields have options: a patch carrying them for another type is ignored.
    if (patch.options !== undefined && typeof meta.type === 'string' && fieldType(meta.type)?.options) {
      const previous = Array.isArray(meta.options) ? meta.options.filter(isObject) : [];
      const values = patch.options.map((o) => o.value);
      // An option whose value changed in place (same position, the old value gone, the new
      // one not another option's) is the same option renamed (a new option's value following
      // its label): it keeps its other settings and the field's default follows it.
      const renamed = new Map<string, string>();
      if (previous.length === values.length) {
        previous.forEach((p, i) => {
          const to = values[i]!;
          if (typeof p.value === 'string' && p.value !== to && !values.includes(p.value) && !previous.some((q) => q.value === to)) renamed.set(p.value, to);
        });
      }
      meta.options = patch.options.map((o, i) => {
        // An option keeps its other settings (a colour) while it keeps its value.
        const here = previous[i];
        const old = previous.find((p) => p.value === o.value) ?? (typeof here?.value === 'string' && renamed.has(here.value) ? here : undefined);
        const out: JsonObject = old ? { ...old, value: o.value } : { value: o.value };
        setOrDelete(out, 'label', toText(o.label, old?.label));
        return out;
      });
      if (prop.type === 'array') ensureObject(prop, 'items').enum = values;
      else prop.enum = values;
      const follow = (v: Json): Json => (typeof v === 'string' ? (renamed.get(v) ?? v) : v);
      if (renamed.size > 0 && prop.default !== undefined && prop.default !== null) {
        prop.default = Array.isArray(prop.default) ? prop.default.map(follow) : follow(prop.default);
      }
    }
    if ('minimum' in patch) setOrDelete(prop, 'minimum', patch.minimum);
    if ('maximum' in patch) setOrDelete(prop, 'maximum', patch.maximum);
    if ('maxLength' in patch) setOrDelete(prop, 'maxLength', patch.maxLength);
    if ('precision' in patch) setOrDelete(meta, 'precision', patch.precision);
  });
}

/** replaceProperty swaps a field's whole JSON Schema (a type panel writing its own keywords). */
export function replaceProperty(t: Template, formIndex: number, key: string, prop: JsonObject): Template {
  return withForm(t, formIndex, (form) => {
    const props = propertiesOf(form);
    if (key in props) props[key] = prop;
  });
}

/** editFormSchema replaces form formIndex's schema by fn's result (a type panel's edit of its field and those beside it). */
export function editFormSchema(t: Template, formIndex: number, fn: (schema: JsonObject) => JsonObject): Template {
  return withForm(t, formIndex, (form) => {
    form.schema = fn(schemaOf(form));
  });
}

/** property returns a field's JSON Schema, as stored. */
export function property(form: JsonObject, key: string): JsonObject | undefined {
  return propertiesOf(form)[key];
}

/** addForm appends a form with one text field, so that it is valid as it stands. */
export function addForm(t: Template, key: string, name: Texts): Template {
  const form: JsonObject = {
    key,
    name: toText(name) ?? { 'zh-CN': key },
    schema: {
      type: 'object',
      properties: { title: defaultProperty('text', { zh: '标题', en: 'Title' }) },
    },
  };
  return { ...t, forms: [...t.forms, form] };
}

/** namesOf reads an app's or a form's name in both languages. */
export function namesOf(v: Json | undefined): Texts {
  return textsOf(v);
}

/**
 * withAppName renames the app (saving the draft renames it in the app list too). The format
 * requires a Chinese name, so a name without one leaves the template as it is.
 */
export function withAppName(t: Template, name: Texts): Template {
  const text = name.zh.trim() === '' ? undefined : toText({ zh: name.zh.trim(), en: name.en.trim() }, t.name);
  return text ? { ...t, name: text } : t;
}

/** withFormName renames form i; as withAppName, a name without Chinese leaves it. */
export function withFormName(t: Template, i: number, name: Texts): Template {
  const form = t.forms[i];
  const text = form && name.zh.trim() !== '' ? toText({ zh: name.zh.trim(), en: name.en.trim() }, form.name) : undefined;
  if (!form || !text) return t;
  return { ...t, forms: t.forms.map((f, j) => (j === i ? { ...f, name: text } : f)) };
}

/** Where a problem reported by the server belongs in the designer. */
export interface ProblemPlace {
  /** The form's index in the template; undefined for problems outside the forms. */
  form?: number;
  /** The field's key, when the problem is about one field. */
  field?: string;
}

/**
 * placeOf maps a JSON pointer into the template to the form and field it is about:
 * /forms/0/schema/properties/amount/… → form 0, field amount; /forms/0/schema/required/2
 * and /forms/0/ui/order/3 → the field named there; /forms/0/ui/fields/amount/… → amount.
 */
export function placeOf(t: Template, pointer: string): ProblemPlace {
  const path = pointerToPath(pointer);
  if (path[0] !== 'forms' || typeof path[1] !== 'number') return {};
  const formIndex = path[1];
  const form = t.forms[formIndex];
  if (!form) return {};
  const rest = path.slice(2).map(String);
  const named = (v: Json | undefined) => (typeof v === 'string' && v in propertiesOf(form) ? v : undefined);
  let field: string | undefined;
  if (rest[0] === 'schema' && rest[1] === 'properties' && rest[2] !== undefined) field = named(rest[2]);
  else if (rest[0] === 'schema' && rest[1] === 'required' && rest[2] !== undefined) {
    const req = schemaOf(form).required;
    field = Array.isArray(req) ? named(req[Number(rest[2])]) : undefined;
  } else if (rest[0] === 'ui' && rest[1] === 'order' && rest[2] !== undefined) {
    const order = uiOf(form).order;
    field = Array.isArray(order) ? named(order[Number(rest[2])]) : undefined;
  } else if (rest[0] === 'ui' && rest[1] === 'fields' && rest[2] !== undefined) field = named(rest[2]);
  return field === undefined ? { form: formIndex } : { form: formIndex, field };
}

/** Problem is one server problem with where it belongs. */
export interface Problem extends ProblemPlace {
  pointer: string;
  message: string;
}

/** placeProblems places every problem of a refused save. */
export function placeProblems(t: Template, fields: Record<string, { message: string }>): Problem[] {
  return Object.entries(fields).map(([pointer, fe]) => ({ pointer, message: fe.message, ...placeOf(t, pointer) }));
}

/** formName is a form's name in the UI language (its key when it has none). */
export function formName(form: JsonObject, language: string): string {
  const n = textsOf(form.name);
  const zh = language.toLowerCase().startsWith('zh');
  return (zh ? n.zh || n.en : n.en || n.zh) || String(form.key ?? '');
}
