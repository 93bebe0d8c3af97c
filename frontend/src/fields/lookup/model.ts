import type { JsonObject, Template } from '../../features/designers/form/designer';
import { fieldType } from '../registry';
import { isObj, metaOf, propsOf, textIn, withProperty } from '../settings/schema';

/**
 * The lookup field's settings as the template format stores them: `x-formloom.relation` is a
 * relation field beside it (in its form, or its sub-form row) and `x-formloom.field` a field
 * of the form that relation links to. The server copies the value and types it by the
 * lookup's own schema (builder/form kindOfSchema), so the designer gives the lookup the JSON
 * type and format of the field it shows — an array of them when the relation links several
 * records. Sub-forms and other lookups cannot be shown (bad_lookup). Pure functions over the
 * schema holding the field.
 */

/** A choice of a list: a key and its label in the UI language. */
export interface Choice {
  value: string;
  label: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** showable tells whether a lookup may show a field of this schema: not a sub-form, not another lookup. */
export function showable(prop: JsonObject | undefined): boolean {
  if (!isObj(prop)) return false;
  const type = str(metaOf(prop).type);
  return type !== 'lookup' && fieldType(type)?.rows !== true;
}

function formByKey(doc: Template, key: string): JsonObject | undefined {
  return key === '' ? undefined : doc.forms.find((f) => f.key === key);
}

function formProps(form: JsonObject | undefined): Record<string, JsonObject> {
  return propsOf(form && isObj(form.schema) ? form.schema : undefined);
}

/** relationChoices lists the relation fields of schema (beside the lookup), by label. */
export function relationChoices(schema: JsonObject, language: string): Choice[] {
  return Object.entries(propsOf(schema))
    .filter(([, p]) => metaOf(p).type === 'relation')
    .map(([k, p]) => ({ value: k, label: textIn(metaOf(p).label, language) || k }));
}

/** shownChoices lists the fields of form a lookup may show, by label, in the form's order. */
export function shownChoices(doc: Template, form: string, language: string): Choice[] {
  const f = formByKey(doc, form);
  const props = formProps(f);
  const order = f && isObj(f.ui) && Array.isArray(f.ui.order) ? f.ui.order.filter((k): k is string => typeof k === 'string' && k in props) : [];
  const keys = [...order, ...Object.keys(props).filter((k) => !order.includes(k))];
  return keys.filter((k) => showable(props[k])).map((k) => ({ value: k, label: textIn(metaOf(props[k]).label, language) || k }));
}

/** The JSON type keywords of a schema (type, format, and the same of its items). */
function typeKeywords(prop: JsonObject): JsonObject {
  const out: JsonObject = {};
  if (typeof prop.type === 'string') out.type = prop.type;
  if (typeof prop.format === 'string') out.format = prop.format;
  if (prop.type === 'array' && isObj(prop.items)) out.items = typeKeywords(prop.items);
  return out;
}

/** lookupShape is the JSON type a lookup showing target takes: the target's, or a list of them when the relation links several records. */
export function lookupShape(target: JsonObject, multiple: boolean): JsonObject {
  const one = typeKeywords(target);
  if (!multiple) return one;
  return Object.keys(one).length > 0 ? { type: 'array', items: one } : { type: 'array' };
}

/** The relation field a lookup follows, with the form it links to (undefined when it names none). */
function relationOf(schema: JsonObject, lookup: JsonObject): { key: string; form: string; multiple: boolean } | undefined {
  const key = str(metaOf(lookup).relation);
  const rel = propsOf(schema)[key];
  if (key === '' || metaOf(rel).type !== 'relation') return undefined;
  return { key, form: str(metaOf(rel).form), multiple: metaOf(rel).multiple === true };
}

/**
 * settle brings lookup key of schema in line with its relation: a field the related form
 * does not have (or may not show) is cleared, and the JSON type follows the field shown.
 * When the related form is not known the lookup is left as it is (the relation's own problem).
 */
function settled(schema: JsonObject, prop: JsonObject, doc: Template): JsonObject {
  const rel = relationOf(schema, prop);
  const form = rel ? formByKey(doc, rel.form) : undefined;
  if (!rel || !form) return prop;
  const meta: JsonObject = { ...metaOf(prop) };
  const target = formProps(form)[str(meta.field)];
  const out: JsonObject = { ...prop, readOnly: true };
  delete out.type;
  delete out.format;
  delete out.items;
  if (!showable(target)) {
    delete meta.field;
    out['x-formloom'] = meta;
    return out;
  }
  return { ...out, ...lookupShape(target!, rel.multiple), 'x-formloom': meta };
}

function settle(schema: JsonObject, key: string, doc: Template): JsonObject {
  return withProperty(schema, key, (prop) => settled(schema, prop, doc));
}

/** followLookups settles every lookup of schema that follows relation (after the relation changed). */
export function followLookups(schema: JsonObject, relation: string, doc: Template): JsonObject {
  let next = schema;
  for (const [k, p] of Object.entries(propsOf(schema))) {
    if (metaOf(p).type === 'lookup' && metaOf(p).relation === relation) next = settle(next, k, doc);
  }
  return next;
}

/** withLookupRelation makes lookup key follow another relation field; its field stays if the new related form has it. */
export function withLookupRelation(schema: JsonObject, key: string, relation: string, doc: Template): JsonObject {
  const next = withProperty(schema, key, (prop) => ({ ...prop, 'x-formloom': { ...metaOf(prop), relation } }));
  return settle(next, key, doc);
}

/** withLookupField makes lookup key show another field of the related form, typed as that field. */
export function withLookupField(schema: JsonObject, key: string, field: string, doc: Template): JsonObject {
  const next = withProperty(schema, key, (prop) => ({ ...prop, 'x-formloom': { ...metaOf(prop), field } }));
  return settle(next, key, doc);
}

/** What is missing from a lookup's settings, in the words its panel shows. */
export interface LookupProblems {
  /** noRelations: the form has no relation field yet; pick: none (or no longer a relation) is chosen. */
  relation?: 'noRelations' | 'pick';
  /** pick: no field, or one the related form does not have or may not show. */
  field?: 'pick';
}

/** lookupProblems tells what a lookup still needs before the server accepts it. */
export function lookupProblems(doc: Template, schema: JsonObject, prop: JsonObject): LookupProblems {
  if (relationChoices(schema, 'zh-CN').length === 0) return { relation: 'noRelations' };
  const rel = relationOf(schema, prop);
  if (!rel) return { relation: 'pick' };
  const form = formByKey(doc, rel.form);
  if (!form) return {};
  return showable(formProps(form)[str(metaOf(prop).field)]) ? {} : { field: 'pick' };
}

/**
 * newLookup is the property of a lookup added from the palette: it follows the form's first
 * relation field and shows the first field its form may show, so that it is valid as added;
 * without a relation field it is left incomplete and its panel says what to add first.
 */
export function newLookup(meta: JsonObject, schema: JsonObject | undefined, doc: Template | undefined): JsonObject {
  const rel = relationChoices(schema ?? {}, 'zh-CN')[0];
  if (!rel || !schema) return { readOnly: true, 'x-formloom': { ...meta } };
  const first = doc ? shownChoices(doc, str(metaOf(propsOf(schema)[rel.value]).form), 'zh-CN')[0] : undefined;
  const prop: JsonObject = { readOnly: true, 'x-formloom': { ...meta, relation: rel.value, ...(first ? { field: first.value } : {}) } };
  return doc ? settled(schema, prop, doc) : prop;
}

/**
 * renameInLookups follows a renamed field of form formIndex into the lookups that name it:
 * lookups of that form following it as their relation, and lookups of any form showing it
 * through a relation to that form.
 */
export function renameInLookups(t: Template, formIndex: number, from: string, to: string): Template {
  const renamed = t.forms[formIndex]?.key;
  let changed = false;
  const forms = t.forms.map((form, i) => {
    const schema = isObj(form.schema) ? form.schema : undefined;
    const props = propsOf(schema);
    let out: Record<string, JsonObject> | undefined;
    for (const [k, p] of Object.entries(props)) {
      const meta = metaOf(p);
      if (meta.type !== 'lookup') continue;
      const next: JsonObject = { ...meta };
      if (i === formIndex && meta.relation === from) next.relation = to;
      const rel = propsOf(schema)[str(meta.relation)];
      if (meta.field === from && metaOf(rel).form === renamed) next.field = to;
      if (next.relation !== meta.relation || next.field !== meta.field) {
        out ??= { ...props };
        out[k] = { ...p, 'x-formloom': next };
      }
    }
    if (!out) return form;
    changed = true;
    return { ...form, schema: { ...schema, properties: out } };
  });
  return changed ? { ...t, forms } : t;
}
