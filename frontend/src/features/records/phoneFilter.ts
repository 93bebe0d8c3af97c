import type { FormDef } from '../../shared/api/types';
import { orderedFields } from '../forms/schemaForm';
import { columnNode, filterKind, type ColumnFilter, type FilterKind } from './query';

/**
 * The phone's filter sheet (FilterSheet.tsx) edits the same ColumnFilter values as the
 * desktop table's column headers, so that buildFilter sends the server the same query
 * whichever screen set them; these are the sheet's rules, apart from its controls.
 */

/** The column filters of a records list, by field key. */
export type Filters = Record<string, ColumnFilter | undefined>;

/** A field the sheet offers, with the kind of control it gets. */
export interface SheetField {
  key: string;
  kind: Exclude<FilterKind, 'none'>;
}

/**
 * sheetFields are the fields a phone can filter on: every field whose column has a filter on
 * desktop (the column chooser can show any of them there), in the form's order.
 */
export function sheetFields(form: FormDef): SheetField[] {
  const props = form.schema.properties ?? {};
  const out: SheetField[] = [];
  for (const key of orderedFields(form)) {
    const kind = filterKind(props[key]);
    if (kind !== 'none') out.push({ key, kind });
  }
  return out;
}

/** filtering tells whether a filter narrows the list: an empty choice or blank text does not. */
export function filtering(f: ColumnFilter | undefined): boolean {
  // The field's key does not change whether there is a node, only what it names.
  return f !== undefined && columnNode('_', f) !== undefined;
}

/** activeCount is how many fields filter the list, the number the 筛选 button shows. */
export function activeCount(filters: Filters): number {
  return Object.values(filters).filter(filtering).length;
}

/**
 * applied is the sheet's draft as the list's filters: only those that narrow it, so that a
 * choice ticked and unticked again counts for nothing and the list is not asked for again.
 */
export function applied(draft: Filters): Filters {
  const out: Filters = {};
  for (const [key, f] of Object.entries(draft)) if (filtering(f)) out[key] = f;
  return out;
}

/**
 * sameFilters tells whether applying a draft changes nothing (the list keeps its page): the
 * same fields filter, each into the same query node, in whatever order they were set.
 */
export function sameFilters(a: Filters, b: Filters): boolean {
  const x = applied(a);
  const y = applied(b);
  const keys = Object.keys(x);
  const node = (k: string, f: ColumnFilter | undefined) => JSON.stringify(f && columnNode(k, f));
  return keys.length === Object.keys(y).length && keys.every((k) => node(k, x[k]) === node(k, y[k]));
}

/** A yes/no field's choice in the sheet: 是, 否 or 不限 (no filter). */
export type BoolChoice = 'yes' | 'no' | 'any';

export function boolChoice(f: ColumnFilter | undefined): BoolChoice {
  return f?.kind === 'bool' ? (f.value ? 'yes' : 'no') : 'any';
}

export function boolFilter(c: BoolChoice): ColumnFilter | undefined {
  return c === 'any' ? undefined : { kind: 'bool', value: c === 'yes' };
}

/**
 * toggleChoice ticks or unticks one option of a choice filter; unticking the last one leaves
 * no filter rather than an empty one.
 */
export function toggleChoice(f: ColumnFilter | undefined, value: string, on: boolean): ColumnFilter | undefined {
  const cur = f?.kind === 'choice' ? f.values : [];
  const values = on ? (cur.includes(value) ? cur : [...cur, value]) : cur.filter((v) => v !== value);
  return values.length > 0 ? { kind: 'choice', values } : undefined;
}
