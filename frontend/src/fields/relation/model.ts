import type { JsonObject, Template } from '../../features/designers/form/designer';
import { followLookups } from '../lookup/model';
import { isObj, metaOf, propsOf, withProperty } from '../settings/schema';

/**
 * The relation field's settings as the template format stores them: `x-formloom.form` is the
 * related form's key and `x-formloom.multiple` lets a record link several records, when the
 * JSON type is an array of strings (record IDs) instead of one string. Pure functions over
 * the schema holding the field (the form's, or a sub-form's rows), so that lookups beside the
 * relation follow its changes.
 */

/** relationForm is the key of the form a relation links to ('' when none is chosen). */
export function relationForm(prop: JsonObject | undefined): string {
  const form = metaOf(prop).form;
  return typeof form === 'string' ? form : '';
}

/** relationMultiple tells whether a relation links several records. */
export function relationMultiple(prop: JsonObject | undefined): boolean {
  return metaOf(prop).multiple === true;
}

/**
 * withRelationForm links relation key of schema to another form. Lookups that follow it keep
 * the field they show when the new form has a field of that key they may show, else their
 * field is cleared (and their panel asks for one): a lookup never silently points at a field
 * of the wrong form.
 */
export function withRelationForm(schema: JsonObject, key: string, form: string, doc: Template): JsonObject {
  const next = withProperty(schema, key, (prop) => ({ ...prop, 'x-formloom': { ...metaOf(prop), form } }));
  return followLookups(next, key, doc);
}

/**
 * withRelationMultiple switches a relation between one record (a string) and several (an
 * array of strings); its other keywords stay. Lookups that follow it take the matching shape.
 */
export function withRelationMultiple(schema: JsonObject, key: string, multiple: boolean, doc: Template): JsonObject {
  const next = withProperty(schema, key, (prop) => {
    const meta: JsonObject = { ...metaOf(prop) };
    const out: JsonObject = { ...prop };
    if (multiple) {
      meta.multiple = true;
      out.type = 'array';
      out.items = isObj(prop.items) ? { ...prop.items, type: 'string' } : { type: 'string' };
    } else {
      delete meta.multiple;
      out.type = 'string';
      delete out.items;
      delete out.minItems;
      delete out.maxItems;
      delete out.uniqueItems;
    }
    out['x-formloom'] = meta;
    return out;
  });
  return followLookups(next, key, doc);
}

/** What is wrong with a relation's settings, in the words its panel shows. */
export type RelationProblem = 'noForm' | 'unknownForm';

/** relationProblem tells whether a relation's form is missing or not a form of the app. */
export function relationProblem(doc: Template, prop: JsonObject | undefined): RelationProblem | undefined {
  const form = relationForm(prop);
  if (form === '') return 'noForm';
  return doc.forms.some((f) => f.key === form) ? undefined : 'unknownForm';
}

/** lookupsFollowing lists the keys of the lookups of schema that follow relation key. */
export function lookupsFollowing(schema: JsonObject, key: string): string[] {
  return Object.entries(propsOf(schema))
    .filter(([, p]) => metaOf(p).type === 'lookup' && metaOf(p).relation === key)
    .map(([k]) => k);
}
