import dayjs from 'dayjs';
import type { FormDef, JsonSchema } from '../../shared/api/types';
import { localized } from '../../shared/lib/localized';
import { anyFieldType } from '../../fields/foreign';
import { orderedFields } from '../forms/schemaForm';

/** The kind of filter a column offers, from its field type. */
export type FilterKind = 'text' | 'choice' | 'range' | 'dateRange' | 'member' | 'department' | 'bool' | 'none';

/** What a person set on one column's filter. */
export type ColumnFilter =
  | { kind: 'text'; contains: string }
  | { kind: 'choice'; values: string[] }
  | { kind: 'range' | 'dateRange'; from?: number | string; to?: number | string }
  | { kind: 'member' | 'department'; mine: boolean; values?: string[] }
  | { kind: 'bool'; value: boolean };

/** A filter node of the query language (docs/query-language.md). */
export type FilterNode =
  | { and: FilterNode[] }
  | { or: FilterNode[] }
  | { field: string; op: string; value?: unknown; param?: string };

/** filterKind tells which filter a field offers; sub-forms, attachments and objects offer none. */
export function filterKind(prop: JsonSchema | undefined): FilterKind {
  if (!prop) return 'none';
  const def = anyFieldType(prop['x-formloom']?.type);
  if (def?.filter) return def.filter;
  if (prop['x-formloom']?.options || prop.enum || (prop.type === 'array' && prop.items?.enum)) return 'choice';
  if (prop.type === 'boolean') return 'bool';
  if (prop.type === 'number' || prop.type === 'integer') return 'range';
  if (prop.format === 'date' || prop.format === 'date-time' || def?.date !== undefined) return 'dateRange';
  if (prop.type === 'string' || def?.textual) return 'text';
  return 'none';
}

/** listed tells whether a field can be a column of a records table: anything with a filter, and linked records (shown by name). */
export function listed(prop: JsonSchema | undefined): boolean {
  return filterKind(prop) !== 'none' || anyFieldType(prop?.['x-formloom']?.type)?.picksRecords === true;
}

/** searchFields are the text fields a search box looks in (contains, any of them). */
export function searchFields(form: FormDef): string[] {
  const props = form.schema.properties ?? {};
  return orderedFields(form).filter((k) => filterKind(props[k]) === 'text');
}

/**
 * searchHint names what the search box searches: the first two of the fields it looks in, and
 * whether there are more (so the box reads "搜索合同名称、合同相对方等", not "搜索文本字段").
 */
export function searchHint(fields: readonly string[], label: (key: string) => string): { names: string[]; more: boolean } {
  return { names: fields.slice(0, 2).map(label), more: fields.length > 2 };
}

/** columnNode turns one column's filter into a query-language node; undefined when it filters nothing. */
export function columnNode(field: string, f: ColumnFilter, isArray = false): FilterNode | undefined {
  switch (f.kind) {
    case 'text':
      return f.contains.trim() ? { field, op: 'contains', value: f.contains.trim() } : undefined;
    case 'choice':
      return f.values.length > 0 ? { field, op: 'in', value: f.values } : undefined;
    case 'bool':
      return { field, op: 'eq', value: f.value };
    case 'range':
    case 'dateRange': {
      const parts: FilterNode[] = [];
      if (f.from !== undefined && f.from !== '') parts.push({ field, op: 'gte', value: f.from });
      if (f.to !== undefined && f.to !== '') parts.push({ field, op: 'lte', value: f.to });
      if (parts.length === 0) return undefined;
      return parts.length === 1 ? parts[0] : { and: parts };
    }
    case 'member':
      if (f.mine) return { field, op: 'eq', param: 'currentUser' };
      return f.values && f.values.length > 0 ? { field, op: 'in', value: f.values } : undefined;
    case 'department':
      if (f.mine) return { field, op: 'in', param: 'currentDepartments' };
      if (!f.values || f.values.length === 0) return undefined;
      return isArray ? { or: f.values.map((v) => ({ field, op: 'eq', value: v })) } : { field, op: 'in', value: f.values };
  }
}

/**
 * buildFilter combines the search text (contains, in any text field) and the column filters
 * (all of them) into the `filter` parameter of a records list or export; "" when nothing filters.
 */
export function buildFilter(form: FormDef, search: string, filters: Record<string, ColumnFilter | undefined>): string {
  const props = form.schema.properties ?? {};
  const parts: FilterNode[] = [];
  const text = search.trim();
  if (text) {
    const fields = searchFields(form);
    const any = fields.map((field): FilterNode => ({ field, op: 'contains', value: text }));
    if (any.length === 1) parts.push(any[0]!);
    else if (any.length > 1) parts.push({ or: any });
  }
  for (const [field, f] of Object.entries(filters)) {
    if (!f || !props[field]) continue;
    const node = columnNode(field, f, props[field]?.type === 'array');
    if (node) parts.push(node);
  }
  if (parts.length === 0) return '';
  return JSON.stringify(parts.length === 1 ? parts[0] : { and: parts });
}

/** A list narrowed to the records whose relation field links one record (a record page's 查看全部). */
export interface LinkFilter {
  field: string;
  id: string;
}

/**
 * linkSearch is the records list of a form narrowed to the records whose relation field
 * links record id: the address a related list's 查看全部 opens, where every tool of the list
 * (filters, sorting, export, 批量修改) works on exactly those records.
 */
export function linkSearch(link: LinkFilter): string {
  return `?${new URLSearchParams({ linked: link.field, to: link.id }).toString()}`;
}

/** linkOf reads a list's link filter from its address; undefined when it has none or the field is not a relation of the form. */
export function linkOf(form: FormDef | undefined, search: URLSearchParams): LinkFilter | undefined {
  const field = search.get('linked') ?? '';
  const id = search.get('to') ?? '';
  const prop = form?.schema.properties?.[field];
  if (!field || !id || anyFieldType(prop?.['x-formloom']?.type)?.picksRecords !== true) return undefined;
  return { field, id };
}

/** withLink adds a link filter to a list's filter (buildFilter's answer): `eq` also means "has the item" on a relation to several records. */
export function withLink(filter: string, link: LinkFilter | undefined): string {
  if (!link) return filter;
  const node: FilterNode = { field: link.field, op: 'eq', value: link.id };
  return JSON.stringify(filter ? { and: [node, JSON.parse(filter) as FilterNode] } : node);
}

/** A column's sort order as antd tables report it. */
export type SortOrder = 'ascend' | 'descend' | null | undefined;

/** sortParam is the `sort` parameter for one column ("-_created", newest first, when none). */
export function sortParam(field: string | undefined, order: SortOrder): string {
  if (!field || !order) return '-_created';
  return order === 'descend' ? `-${field}` : field;
}

/** sortable tells whether a list can be ordered by a field: arrays and objects cannot. */
export function sortable(prop: JsonSchema | undefined): boolean {
  // Linked records are stored as IDs: sorting by them would order nothing people read.
  if (!prop || anyFieldType(prop['x-formloom']?.type)?.picksRecords) return false;
  const t = Array.isArray(prop.type) ? prop.type.find((x) => x !== 'null') : prop.type;
  return t === 'string' || t === 'number' || t === 'integer' || t === 'boolean';
}

/** idsFilter selects some records by ID (exporting the selected rows). */
export function idsFilter(ids: readonly string[]): string {
  return JSON.stringify({ field: '_id', op: 'in', value: ids });
}

/** choiceOptions are a choice field's options with their labels in the UI language (the value when it has none). */
export function choiceOptions(prop: JsonSchema, language: string): { value: string; label: string }[] {
  const opts = prop['x-formloom']?.options ?? (prop.enum ?? prop.items?.enum ?? []).map((v) => ({ value: String(v), label: undefined }));
  return opts.map((o) => ({ value: o.value, label: localized(o.label, language) || o.value }));
}

/**
 * dateBound is a day picked as one end of a date range, as the desktop's range picker sends
 * it: a date field's day as is; a date-time field's from the start of that day, or to its end,
 * so that "to 3 May" keeps the records of 3 May.
 */
export function dateBound(day: dayjs.Dayjs | null | undefined, withTime: boolean, end: boolean): string | undefined {
  if (!day) return undefined;
  if (!withTime) return day.format('YYYY-MM-DD');
  return (end ? day.endOf('day') : day.startOf('day')).toISOString();
}
