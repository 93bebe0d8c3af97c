import type { JsonObject, Template } from '../form/designer';

/**
 * The views model: pure functions over the template's `views` (docs/template-format.md#views).
 * A view lists one form's records as a table, a kanban board or a calendar: its columns in
 * order, a filter, up to four sort keys, a group field (a calendar's date field), and which
 * roles see it.
 */

export const META_COLUMNS = ['_stage', '_flowStatus', '_due', '_overdue', '_created', '_updated'] as const;
export const MAX_SORT = 4;

export interface SortKey {
  field: string;
  desc: boolean;
}

export interface ViewModel {
  index: number;
  key: string;
  form: string;
  name: JsonObject;
  type: ViewLayout;
  columns: string[];
  filter?: JsonObject;
  sort: SortKey[];
  groupBy?: string;
  /** A calendar's date or datetime field: it places each record on a day. */
  date?: string;
  roles: string[];
}

/** ViewLayout is how a view shows its records. */
export type ViewLayout = 'table' | 'kanban' | 'calendar';

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function all(doc: Template): JsonObject[] {
  return Array.isArray(doc.views) ? (doc.views as unknown[]).filter(isObject) : [];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** views lists the template's views. */
export function views(doc: Template): ViewModel[] {
  return all(doc).map((v, index) => ({
    index,
    key: String(v.key ?? ''),
    form: String(v.form ?? ''),
    name: isObject(v.name) ? v.name : {},
    type: v.type === 'kanban' || v.type === 'calendar' ? v.type : 'table',
    columns: strings(v.columns),
    filter: isObject(v.filter) ? v.filter : undefined,
    sort: strings(v.sort).map((s) => (s.startsWith('-') ? { field: s.slice(1), desc: true } : { field: s, desc: false })),
    groupBy: typeof v.groupBy === 'string' ? v.groupBy : undefined,
    date: typeof v.date === 'string' ? v.date : undefined,
    roles: strings(v.roles),
  }));
}

function withView(doc: Template, index: number, fn: (v: JsonObject) => JsonObject): Template {
  const list = all(doc);
  const v = list[index];
  if (!v) return doc;
  const out = [...list];
  out[index] = fn({ ...v });
  return { ...doc, views: out };
}

/** addView appends a table view of a form with the given columns. */
export function addView(doc: Template, key: string, form: string, name: JsonObject, columns: string[]): Template {
  if (all(doc).some((v) => v.key === key)) return doc;
  const v: JsonObject = { key, form, name, columns: columns.slice(0, 100) };
  return { ...doc, views: [...all(doc), v] };
}

export function removeView(doc: Template, index: number): Template {
  const list = all(doc);
  if (!list[index]) return doc;
  return { ...doc, views: list.filter((_, i) => i !== index) };
}

export function renameView(doc: Template, index: number, zh: string, en: string): Template {
  const name: JsonObject = {};
  if (zh.trim()) name['zh-CN'] = zh.trim();
  if (en.trim()) name.en = en.trim();
  if (!name['zh-CN']) return doc;
  return withView(doc, index, (v) => ({ ...v, name }));
}

/** setColumns sets which columns show, in order (duplicates dropped). */
export function setColumns(doc: Template, index: number, columns: string[]): Template {
  const unique = columns.filter((c, i) => columns.indexOf(c) === i).slice(0, 100);
  return withView(doc, index, (v) => {
    if (unique.length === 0) delete v.columns;
    else v.columns = unique;
    return v;
  });
}

/** moveColumn moves a column from one place to another. */
export function moveColumn(doc: Template, index: number, from: number, to: number): Template {
  const v = views(doc)[index];
  if (!v || from === to || from < 0 || to < 0 || from >= v.columns.length || to >= v.columns.length) return doc;
  const cols = [...v.columns];
  const [c] = cols.splice(from, 1);
  cols.splice(to, 0, c!);
  return setColumns(doc, index, cols);
}

/** setFilter sets the view's filter; undefined removes it. */
export function setFilter(doc: Template, index: number, filter: JsonObject | undefined): Template {
  return withView(doc, index, (v) => {
    if (filter === undefined) delete v.filter;
    else v.filter = filter;
    return v;
  });
}

/** setSort sets the sort keys (at most four; a field once). */
export function setSort(doc: Template, index: number, sort: SortKey[]): Template {
  const seen = new Set<string>();
  const keys = sort.filter((s) => s.field && !seen.has(s.field) && seen.add(s.field)).slice(0, MAX_SORT);
  return withView(doc, index, (v) => {
    if (keys.length === 0) delete v.sort;
    else v.sort = keys.map((s) => (s.desc ? `-${s.field}` : s.field));
    return v;
  });
}

/**
 * setLayout makes the view a table (optionally grouped by a field), a kanban board grouped
 * by a select field or by "_stage" (the pipeline's stages), or a calendar whose days a date
 * or datetime field gives (`field`). A kanban needs its group, a calendar its date.
 */
export function setLayout(doc: Template, index: number, type: ViewLayout, field?: string): Template {
  return withView(doc, index, (v) => {
    if (type === 'table') delete v.type;
    else v.type = type;
    delete v.groupBy;
    delete v.date;
    if (field && type === 'calendar') v.date = field;
    else if (field) v.groupBy = field;
    return v;
  });
}

/** setRoles says which roles see the view; none means everyone who may read its form. */
export function setRoles(doc: Template, index: number, roles: string[]): Template {
  return withView(doc, index, (v) => {
    if (roles.length === 0) delete v.roles;
    else v.roles = [...new Set(roles)];
    return v;
  });
}

/** kanbanGroups lists what a kanban may group by: the form's select fields, and stages when it has a pipeline. */
export function kanbanGroups(doc: Template, form: string, selectFields: string[]): string[] {
  const hasPipeline = Array.isArray(doc.pipelines) && (doc.pipelines as unknown[]).some((p) => isObject(p) && p.form === form);
  return [...selectFields, ...(hasPipeline ? ['_stage'] : [])];
}

/** What dropping a kanban card on another column does. */
export type CardMove = { kind: 'none' } | { kind: 'field'; patch: Record<string, string> } | { kind: 'stage'; to: string };

/**
 * cardMove decides a kanban drop: within the same column nothing; on a board by a field, the
 * field is set to the column's value; on a board by stage, the record moves only through its
 * pipeline's actions, so the drop offers them instead of writing anything.
 */
export function cardMove(groupBy: string | undefined, from: string, to: string): CardMove {
  if (!groupBy || from === to || to === '') return { kind: 'none' };
  if (groupBy === '_stage') return { kind: 'stage', to };
  return { kind: 'field', patch: { [groupBy]: to } };
}
