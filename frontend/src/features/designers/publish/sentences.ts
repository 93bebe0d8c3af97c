import type { Json, JsonObject, Template } from '../form/designer';
import { localized } from '../../../shared/lib/localized';
import { dueOf, whoOf, type Names, type Translate } from '../flow/summary';

/**
 * What the publish dialog says, worked out from the published template, the draft and the
 * server's report (GET …/publish-preview): each change as a sentence naming forms, fields,
 * flows and steps by their names in the reader's language, never by key or pointer. Pure, so
 * the dialog only lists the words.
 */

/** One change as the server reports it (docs/template-format.md, Diffs). */
export interface ReportChange {
  pointer: string;
  kind: string;
  breaking: boolean;
  form?: string;
  field?: string;
  from?: unknown;
  to?: unknown;
}

/** The server's answer to GET …/apps/{app}/publish-preview. */
export interface PublishReport {
  from: number;
  to: number;
  changes: ReportChange[];
  breaking: boolean;
  running: number;
  affected: Record<string, number>;
}

/** Where a sentence belongs in the dialog. */
export type SentenceGroup = 'breaks' | 'fields' | 'flow' | 'other' | 'runs';

export interface Sentence {
  group: SentenceGroup;
  text: string;
  /** Set on sentences about a change that may make records of the old version invalid. */
  breaking?: boolean;
}

export interface SentenceInput {
  old: Template;
  next: Template;
  report: PublishReport;
  language: string;
  /** Texts of the namespace "designerPublish". */
  t: Translate;
  /** Texts of the namespace "flow" (who and when of a step). */
  ft: Translate;
  /** A member's name by id; the id when not given. */
  member?: (id: string) => string;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: Json | undefined): JsonObject[] => (Array.isArray(v) ? v.filter(isObject) : []);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** itemAt reads "/forms/2" (or a longer pointer) of a template: the item it starts with. */
function itemAt(t: Template, pointer: string): { list: string; item?: JsonObject } {
  const [, name = '', index] = pointer.split('/');
  const items = list(t[name]);
  return { list: name, item: index !== undefined ? items[Number(index)] : undefined };
}

function byKey(t: Template, listName: string, key: string | undefined): JsonObject | undefined {
  return key === undefined ? undefined : list(t[listName]).find((x) => x.key === key);
}

function nameOf(item: JsonObject | undefined, language: string, fallback = ''): string {
  if (!item) return fallback;
  return localized(item.name as Record<string, string> | undefined, language) || String(item.key ?? item.role ?? fallback);
}

/** fieldProp walks a field path ("items.qty": a sub-form's column) to its JSON Schema. */
function fieldProp(form: JsonObject | undefined, path: string): JsonObject | undefined {
  let schema: Json | undefined = form?.schema;
  let prop: JsonObject | undefined;
  for (const seg of path.split('.')) {
    if (!isObject(schema)) return undefined;
    if (schema.type === 'array' && isObject(schema.items)) schema = schema.items;
    const props = isObject(schema) ? schema.properties : undefined;
    prop = isObject(props) && isObject(props[seg]) ? props[seg] : undefined;
    if (!prop) return undefined;
    schema = prop;
  }
  return prop;
}

function labelOf(prop: JsonObject | undefined, language: string, fallback: string): string {
  const meta = prop && isObject(prop['x-formloom']) ? prop['x-formloom'] : undefined;
  return localized(meta?.label as Record<string, string> | undefined, language) || fallback;
}

function optionLabel(prop: JsonObject | undefined, value: unknown, language: string): string {
  const meta = prop && isObject(prop['x-formloom']) ? prop['x-formloom'] : undefined;
  const o = list(meta?.options).find((x) => x.value === value);
  return (o && localized(o.label as Record<string, string> | undefined, language)) || String(value ?? '');
}

function textOf(v: unknown, language: string): string {
  if (typeof v === 'string') return v;
  if (isObject(v)) return localized(v as Record<string, string>, language);
  return v === undefined ? '' : JSON.stringify(v);
}

const FIELD_KINDS = new Set([
  'field_added',
  'field_removed',
  'label_changed',
  'type_changed',
  'required_added',
  'required_removed',
  'option_added',
  'option_removed',
  'option_label_changed',
  'constraint_tightened',
  'constraint_relaxed',
  'constraint_changed',
  'computed_changed',
  'field_settings_changed',
]);

/**
 * nothingToBreak tells whether the report's breaking changes concern no record: the server
 * counted the records of every form they touch, and there are none (a new app's first
 * changes). Then nothing needs migrating, and the dialog need not alarm anyone.
 */
export function nothingToBreak(report: PublishReport): boolean {
  const counts = Object.values(report.affected ?? {});
  return report.breaking && counts.length > 0 && counts.every((n) => n === 0);
}

/** publishSentences says every change of the report, then what happens to records and runs. */
export function publishSentences(input: SentenceInput): Sentence[] {
  const { old, next, report, language, t } = input;
  const out: Sentence[] = [];
  const formOf = (tpl: Template, key?: string) => byKey(tpl, 'forms', key);
  const formName = (key?: string) => nameOf(formOf(next, key) ?? formOf(old, key), language, key ?? '');

  // A field whose key changed shows as removed and added; with the same label in the same
  // form it is said as one rename, which is what the designer did.
  const removed = report.changes.filter((c) => c.kind === 'field_removed' && c.form && c.field);
  const added = report.changes.filter((c) => c.kind === 'field_added' && c.form && c.field);
  const renamed = new Set<ReportChange>();
  for (const r of removed) {
    const label = labelOf(fieldProp(formOf(old, r.form), r.field!), language, '');
    const a = added.find((x) => !renamed.has(x) && x.form === r.form && label !== '' && labelOf(fieldProp(formOf(next, x.form), x.field!), language, '') === label);
    if (!a) continue;
    renamed.add(r).add(a);
    out.push({ group: 'fields', breaking: true, text: t('keyChanged', { field: label, form: formName(r.form) }) });
  }

  for (const c of report.changes) {
    if (renamed.has(c)) continue;
    if (FIELD_KINDS.has(c.kind) && c.form && c.field) {
      out.push({ group: 'fields', breaking: c.breaking, text: fieldSentence(c, input, formName(c.form)) });
      continue;
    }
    if (c.kind === 'pipeline_changed') {
      out.push(...flowSentences(c, input));
      continue;
    }
    const removedKind = c.kind.endsWith('_removed');
    const { list: listName, item } = itemAt(removedKind ? old : next, c.pointer);
    let name = nameOf(item, language, c.form ?? '');
    if (listName === 'permissions' && item) name = `${nameOf(byKey(next, 'roles', String(item.role)) ?? byKey(old, 'roles', String(item.role)), language, String(item.role))} · ${formName(String(item.form))}`;
    if (c.kind === 'name_changed') {
      out.push({ group: 'other', text: t('renamed', { from: textOf(c.from, language), to: textOf(c.to, language) }) });
      continue;
    }
    const group: SentenceGroup = c.kind.startsWith('pipeline') ? 'flow' : 'other';
    out.push({ group, breaking: c.breaking, text: t(`kind.${c.kind}`, { name, form: formName(c.form) }) });
  }

  // What breaks, with the records it concerns when the server counted them.
  const harmless = nothingToBreak(report);
  for (const [form, n] of Object.entries(report.affected ?? {})) {
    if (n > 0) out.push({ group: 'breaks', breaking: true, text: t('affected', { count: n, form: formName(form), v: report.from }) });
  }
  if (harmless) {
    for (const s of out) s.breaking = false;
  }
  if (report.breaking && Object.keys(report.affected ?? {}).length === 0) out.push({ group: 'breaks', breaking: true, text: t('breaksNoCount') });

  out.push({
    group: 'runs',
    text: report.running > 0 ? t('running', { count: report.running, from: report.from, to: report.to }) : t('noneRunning', { to: report.to }),
  });
  return out;
}

function fieldSentence(c: ReportChange, input: SentenceInput, form: string): string {
  const { old, next, language, t } = input;
  const was = fieldProp(byKey(old, 'forms', c.form), c.field!);
  const now = fieldProp(byKey(next, 'forms', c.form), c.field!);
  const field = labelOf(c.kind === 'field_removed' ? was : (now ?? was), language, c.field!);
  switch (c.kind) {
    case 'label_changed':
      return t('field.label_changed', { from: labelOf(was, language, c.field!), to: labelOf(now, language, c.field!), form });
    case 'option_added':
      return t('field.option_added', { field, form, option: optionLabel(now, c.to, language) });
    case 'option_removed':
      return t('field.option_removed', { field, form, option: optionLabel(was, c.from, language) });
    case 'option_label_changed':
      return t('field.option_label_changed', { field, form, from: textOf(c.from, language), to: textOf(c.to, language) });
    default:
      return t(`field.${c.kind}`, { field, form });
  }
}

/** flowSentences compares a changed flow step by step, naming steps by their names. */
function flowSentences(c: ReportChange, input: SentenceInput): Sentence[] {
  const { old, next, language, t, ft } = input;
  const now = itemAt(next, c.pointer).item;
  const was = now ? byKey(old, 'pipelines', String(now.key)) : undefined;
  const flow = nameOf(now, language, String(now?.key ?? ''));
  if (!now || !was) return [{ group: 'flow', text: t('kind.pipeline_changed', { name: flow }) }];
  const form = byKey(next, 'forms', String(now.form));
  const roleName = (key: string) => nameOf(byKey(next, 'roles', key) ?? byKey(old, 'roles', key), language, key);
  const names: Names = {
    member: input.member ?? ((id) => id),
    role: roleName,
    field: (key) => labelOf(fieldProp(form, key), language, key),
  };
  const out: Sentence[] = [];
  const say = (key: string, opts: Record<string, unknown> = {}) => out.push({ group: 'flow', text: t(key, { flow, ...opts }) });
  const oldNodes = list(was.nodes);
  const newNodes = list(now.nodes);
  const step = (n: JsonObject) => nameOf(n, language, ft(`types.${String(n.type)}`));

  for (const n of newNodes) {
    const o = oldNodes.find((x) => x.key === n.key);
    if (!o) {
      say('flow.added', { step: step(n), type: ft(`types.${String(n.type)}`) });
      continue;
    }
    const name = step(n);
    if (!same(o.name, n.name)) say('flow.renamed', { from: step(o), to: name });
    if (!same(o.assignees, n.assignees)) say('flow.assignees', { step: name, who: whoOf(n.assignees, names, ft) || t('nobody') });
    if (!same(o.mode, n.mode) || !same(o.percent, n.percent)) say('flow.mode', { step: name, mode: ft(`mode.${String(n.mode ?? 'single')}`) });
    if (!same(o.deadline, n.deadline)) say(n.deadline ? 'flow.deadline' : 'flow.noDeadline', { step: name, due: dueOf(n.deadline, names, ft) });
    if (!same(o.fields, n.fields)) say('flow.fields', { step: name });
    if (!same(o.allow, n.allow)) say('flow.actions', { step: name });
    const rest = (x: JsonObject) => {
      const { name: _n, assignees: _a, mode: _m, percent: _p, deadline: _d, fields: _f, allow: _x, ...r } = x;
      return r;
    };
    if (!same(rest(o), rest(n))) say('flow.changed', { step: name });
  }
  for (const o of oldNodes) if (!newNodes.some((n) => n.key === o.key)) say('flow.removed', { step: step(o) });
  const edge = (e: JsonObject) => `${String(e.from)}>${String(e.to)}:${String(e.when ?? '')}:${String(e.else ?? '')}`;
  const oldEdges = list(was.edges).map(edge).sort();
  const newEdges = list(now.edges).map(edge).sort();
  if (!same(oldEdges, newEdges)) say('flow.route');
  const { nodes: _a, edges: _b, name: _c, ...oldRest } = was;
  const { nodes: _d, edges: _e, name: _f, ...newRest } = now;
  if (!same(oldRest, newRest) || !same(was.name, now.name)) say('flow.settings');
  if (out.length === 0) say('kind.pipeline_changed', { name: flow });
  return out;
}
