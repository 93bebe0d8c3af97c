import type { FormDef, JsonSchema } from '../../shared/api/types';
import { anyFieldType } from '../../fields/foreign';
import { localized } from '../../shared/lib/localized';
import { fieldType } from '../../fields/registry';
import { orderedFields } from '../forms/schemaForm';
import { listed, withLink } from './query';

/** A form's relation field that links records of another form (or of its own). */
export interface Referrer {
  form: string;
  field: string;
  /** The heading of its list on the record page: the form's name, and the field's label where the form links in more than one way. */
  title: string;
}

const isRelation = (prop: JsonSchema | undefined) => anyFieldType(prop?.['x-formloom']?.type)?.picksRecords === true;

/**
 * referrers lists the relation fields of the app's forms that link records of form `target`:
 * on a meeting's page, the tasks whose 关联会议 names it. A record names its related records;
 * this is how they are found from the other side, as a linked-records list in Jiandaoyun or a
 * reverse association in NocoBase.
 */
export function referrers(forms: readonly FormDef[], target: string, language: string): Referrer[] {
  const out: Referrer[] = [];
  for (const form of forms) {
    const props = form.schema.properties ?? {};
    const fields = orderedFields(form).filter((k) => isRelation(props[k]) && props[k]?.['x-formloom']?.form === target);
    for (const field of fields) {
      const name = localized(form.name, language) || form.key;
      const label = localized(props[field]?.['x-formloom']?.label, language) || field;
      // The form's name says it all unless the form links in two ways, or links its own records
      // (a goal's 上级目标: its page lists its sub-goals, which the name alone would not say).
      const plain = fields.length === 1 && form.key !== target;
      out.push({ form: form.key, field, title: plain ? name : `${name} · ${label}` });
    }
  }
  return out;
}

/** relatedFilter is the list query of the records whose field links record `id`: `eq` also means "has the item" on a relation to several records. */
export function relatedFilter(field: string, id: string): string {
  return withLink('', { field, id });
}

/**
 * relatedColumns are the fields a related list shows beside each record's title: the first
 * `max` fields a table lists, leaving out the link back (every row names the same record), what is
 * copied through it (the meeting's time on each of its tasks) and sub-forms, which a one-line row cannot show.
 */
export function relatedColumns(form: FormDef, field: string, titleField: string | undefined, max = 3): string[] {
  const props = form.schema.properties ?? {};
  return orderedFields(form)
    .filter((k) => k !== field && k !== titleField && listed(props[k]) && !(props[k]?.type === 'array' && props[k]?.items?.properties))
    .filter((k) => !(anyFieldType(props[k]?.['x-formloom']?.type)?.copied && props[k]?.['x-formloom']?.relation === field))
    .slice(0, max);
}

/** titleField is the field a record of the form is named by when it is filled (recordTitle's first choice). */
export function titleField(form: FormDef): string | undefined {
  const props = form.schema.properties ?? {};
  return orderedFields(form).find((k) => {
    const type = props[k]?.['x-formloom']?.type;
    return (type === undefined || fieldType(type)?.namesRecord) && props[k]?.type === 'string';
  });
}

/** linkValue is what a new record's relation field holds to link record id: the ID, or a list of it when the field links several. */
export function linkValue(form: FormDef, field: string, id: string): string | string[] {
  return form.schema.properties?.[field]?.type === 'array' ? [id] : id;
}
