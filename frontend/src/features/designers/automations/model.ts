import { fieldKeys, property, type JsonObject, type Template } from '../form/designer';
import { columnKeys, columnView, isSubform } from '../form/subform';
import { escapePointerToken } from '../store/problems';
import { formFields, formOf, pick, type FieldInfo } from '../query/fields';
import { fieldType } from '../../../fields/registry';
import { relationForm } from '../../../fields/relation/model';

/**
 * The automations model: pure functions over the template's `automations`
 * (docs/template-format.md#automations). An automation is a trigger (an event, a node, a
 * schedule), an optional condition (a formula-language expression) and 1–20 actions.
 */

export const EVENTS = ['created', 'updated', 'nodeEntered', 'nodeLeft', 'due', 'finished', 'schedule'] as const;
export type Event = (typeof EVENTS)[number];
export const NODE_EVENTS: readonly string[] = ['nodeEntered', 'nodeLeft', 'due'];
/** How a run may end, as a finished trigger's outcome (an end node's outcome). */
export const OUTCOMES = ['approved', 'rejected', 'done'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const ACTION_TYPES = ['setFields', 'createRecords', 'updateRecords', 'webhook', 'notify'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export interface Trigger {
  event: Event;
  node?: string;
  when?: string;
  every?: { hours?: number; days?: number };
  at?: string;
  /** finished: only a run that ended so; absent: however it ended. */
  outcome?: Outcome;
}

export interface AutomationModel {
  index: number;
  key: string;
  form: string;
  name: string;
  on: Trigger;
  actions: JsonObject[];
  disabled: boolean;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function all(doc: Template): JsonObject[] {
  return Array.isArray(doc.automations) ? (doc.automations as unknown[]).filter(isObject) : [];
}

/** automations lists the template's automations. */
export function automations(doc: Template): AutomationModel[] {
  return all(doc).map((a, index) => {
    const on = isObject(a.on) ? a.on : {};
    const name = isObject(a.name) ? String(a.name['zh-CN'] ?? a.name.en ?? '') : String(a.name ?? '');
    return {
      index,
      key: String(a.key ?? ''),
      form: String(a.form ?? ''),
      name,
      on: {
        event: (EVENTS as readonly string[]).includes(String(on.event)) ? (on.event as Event) : 'created',
        node: typeof on.node === 'string' ? on.node : undefined,
        when: typeof on.when === 'string' ? on.when : undefined,
        every: isObject(on.every) ? (on.every as Trigger['every']) : undefined,
        at: typeof on.at === 'string' ? on.at : undefined,
        outcome: (OUTCOMES as readonly string[]).includes(String(on.outcome)) ? (on.outcome as Outcome) : undefined,
      },
      actions: Array.isArray(a.actions) ? a.actions.filter(isObject) : [],
      disabled: a.disabled === true,
    };
  });
}

function withAutomation(doc: Template, index: number, fn: (a: JsonObject) => JsonObject): Template {
  const list = all(doc);
  if (!list[index]) return doc;
  const out = [...list];
  out[index] = fn(structuredClone(list[index]!));
  return { ...doc, automations: out };
}

/** defaultAction is a new action of a type, filled so that it is valid where it can be. */
export function defaultAction(type: ActionType, otherForm?: string): JsonObject {
  switch (type) {
    case 'setFields':
      return { type, values: {} };
    case 'createRecords':
      return { type, form: otherForm ?? '', map: {} };
    case 'updateRecords':
      // No form yet: which records to update only makes sense once the admin names the form.
      return { type, form: '', values: {} };
    case 'webhook':
      return { type, url: 'https://' };
    case 'notify':
      return { type, to: [{ type: 'submitter' }], message: { 'zh-CN': '请查看这条记录。', en: 'Please have a look at this record.' } };
  }
}

/** addAutomation appends an automation on a form: when a record is created, notify its submitter. */
export function addAutomation(doc: Template, key: string, form: string, name: string): Template {
  if (all(doc).some((a) => a.key === key)) return doc;
  const a: JsonObject = { key, form, name: { 'zh-CN': name || key }, on: { event: 'created' }, actions: [defaultAction('notify')] };
  return { ...doc, automations: [...all(doc), a] };
}

export function removeAutomation(doc: Template, index: number): Template {
  if (!all(doc)[index]) return doc;
  return { ...doc, automations: all(doc).filter((_, i) => i !== index) };
}

export function renameAutomation(doc: Template, index: number, name: string): Template {
  return withAutomation(doc, index, (a) => ({ ...a, name: { ...(isObject(a.name) ? a.name : {}), 'zh-CN': name.trim() || String(a.key) } }));
}

export function setDisabled(doc: Template, index: number, disabled: boolean): Template {
  return withAutomation(doc, index, (a) => {
    if (disabled) a.disabled = true;
    else delete a.disabled;
    return a;
  });
}

/**
 * setTrigger sets the trigger. Members that do not belong to the event go: a node only for
 * node events, every and at only for schedules (every defaults to one day), an outcome only
 * for the end of a run; the condition stays.
 */
export function setTrigger(doc: Template, index: number, t: Trigger): Template {
  return withAutomation(doc, index, (a) => {
    const on: JsonObject = { event: t.event };
    if (NODE_EVENTS.includes(t.event) && t.node) on.node = t.node;
    if (t.when && t.when.trim()) on.when = t.when.trim();
    if (t.event === 'schedule') {
      on.every = (t.every ?? { days: 1 }) as JsonObject;
      if (t.at) on.at = t.at;
    }
    if (t.event === 'finished' && t.outcome) on.outcome = t.outcome;
    return { ...a, on };
  });
}

/** setWhen sets or clears the trigger's condition. */
export function setWhen(doc: Template, index: number, when: string): Template {
  const a = automations(doc)[index];
  if (!a || (a.on.when ?? '') === when.trim()) return doc;
  return setTrigger(doc, index, { ...a.on, when: when.trim() || undefined });
}

export function addAction(doc: Template, index: number, action: JsonObject): Template {
  return withAutomation(doc, index, (a) => ({ ...a, actions: [...(Array.isArray(a.actions) ? a.actions : []), action].slice(0, 20) }));
}

/** removeAction drops an action; the last one stays (an automation needs one). */
export function removeAction(doc: Template, index: number, action: number): Template {
  return withAutomation(doc, index, (a) => {
    const acts = Array.isArray(a.actions) ? a.actions : [];
    if (acts.length <= 1) return a;
    return { ...a, actions: acts.filter((_, i) => i !== action) };
  });
}

/** setAction replaces one action. */
export function setAction(doc: Template, index: number, action: number, value: JsonObject): Template {
  return withAutomation(doc, index, (a) => {
    const acts = Array.isArray(a.actions) ? [...a.actions] : [];
    if (action < 0 || action >= acts.length) return a;
    acts[action] = value;
    return { ...a, actions: acts };
  });
}

/**
 * setMapping sets what one target field gets (an expression) in a setFields or updateRecords
 * action's values or a createRecords action's map; an empty expression removes the field.
 */
export function setMapping(action: JsonObject, target: string, expr: string): JsonObject {
  const member = action.type === 'createRecords' ? 'map' : 'values';
  const current = isObject(action[member]) ? { ...(action[member] as JsonObject) } : {};
  if (expr.trim()) current[target] = expr.trim();
  else delete current[target];
  return { ...action, [member]: current };
}

/** mappingOf reads a setFields, createRecords or updateRecords action's target → expression pairs. */
export function mappingOf(action: JsonObject): Record<string, string> {
  const m = action.type === 'createRecords' ? action.map : action.values;
  if (!isObject(m)) return {};
  return Object.fromEntries(Object.entries(m).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

/** literalExpression is the expression of a fixed text or number. */
export function literalExpression(v: string): string {
  return NUMBER.test(v.trim()) ? v.trim() : JSON.stringify(v);
}

/** NUMBER is a number as a fixed value is typed and as its expression is written. */
const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

/**
 * fixedText is how the fixed-value box shows an expression: a text or a number as itself
 * (`"todo"` reads todo), any other expression after an "=" (=NOW()), as the box takes it back.
 */
export function fixedText(expr: string): string {
  if (expr === '') return '';
  if (NUMBER.test(expr)) return expr;
  if (expr.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(expr);
      if (typeof v === 'string') return v;
    } catch {
      // not one string literal: an expression that starts with one ("a" + b)
    }
  }
  return `=${expr}`;
}

/** fixedExpression reads the fixed-value box: "" clears, "=…" is an expression, anything else a fixed text or number. */
export function fixedExpression(text: string): string {
  if (text.trim() === '') return '';
  return text.startsWith('=') ? text.slice(1).trim() : literalExpression(text);
}

/** usesRow tells whether an expression reads the forEach row (`item.qty`). */
function usesRow(expr: string): boolean {
  return /(^|[^A-Za-z0-9_.])item\./.test(expr);
}

/**
 * setForEach makes a createRecords action create one record per row of sub-form sub of the
 * source record, or a single record (sub empty). Values read from rows of another sub-form,
 * or from rows at all when there are none, go: they would name columns that are not there.
 */
export function setForEach(action: JsonObject, sub: string): JsonObject {
  const was = typeof action.forEach === 'string' ? action.forEach : '';
  if (was === sub) return action;
  const out: JsonObject = { ...action };
  if (sub) out.forEach = sub;
  else delete out.forEach;
  if (was) {
    const map = isObject(action.map) ? action.map : {};
    out.map = Object.fromEntries(Object.entries(map).filter(([, v]) => typeof v !== 'string' || !usesRow(v)));
  }
  return out;
}

/** setOwner names the member field of a createRecords action's new record whose member owns it; empty: the triggering record's owner does. */
export function setOwner(action: JsonObject, field: string): JsonObject {
  const out: JsonObject = { ...action };
  if (field) out.owner = field;
  else delete out.owner;
  return out;
}

/** rowSource is the expression of a forEach row's column. */
export function rowSource(col: string): string {
  return `item.${col}`;
}

/** RowSource is a column of a forEach row offered as a source: its expression and its label ("行动项 › 负责人"). */
export interface RowSource {
  value: string;
  label: string;
}

/** subforms lists the sub-form fields of a form, as choices for forEach. */
export function subforms(doc: Template, form: string, language: string): { value: string; label: string }[] {
  const f = formOf(doc, form);
  return formFields(doc, form, language)
    .filter((x) => isSubform(f, x.key))
    .map((x) => ({ value: x.key, label: x.label }));
}

/** rowSources lists the columns of sub-form sub's rows as sources (item.col), labelled after the sub-form. */
export function rowSources(doc: Template, form: string, sub: string, language: string): RowSource[] {
  const f = formOf(doc, form);
  const subLabel = subforms(doc, form, language).find((s) => s.value === sub)?.label ?? sub;
  return columnKeys(f, sub).map((col) => ({ value: rowSource(col), label: `${subLabel} › ${pick(columnView(f, `${sub}.${col}`)!.label, language) || col}` }));
}

/**
 * writableFields lists the fields of a form an action may write: the server works formula,
 * serial and lookup fields out itself and refuses values for them.
 */
export function writableFields(doc: Template, form: string, language: string): FieldInfo[] {
  return formFields(doc, form, language).filter((f) => !fieldType(f.type)?.computed);
}

/**
 * matchableFields lists the fields of a form a record can be found by. The server cannot query
 * rows, a group of values or free tags, and files or a drawing equal nothing an admin would
 * pick, so none of them is offered.
 */
export function matchableFields(doc: Template, form: string, language: string): FieldInfo[] {
  return formFields(doc, form, language).filter((f) => {
    const d = fieldType(f.type);
    return !d?.rows && !d?.object && !d?.files && !d?.drawn && !d?.unmatched;
  });
}

/** relationFieldsTo lists the keys of the relation fields of form from that link to form to, in display order. */
export function relationFieldsTo(doc: Template, from: string, to: string): string[] {
  const f = formOf(doc, from);
  if (!f || !to) return [];
  return fieldKeys(f).filter((key) => {
    const prop = property(f, key);
    return isObject(prop) && isObject(prop['x-formloom']) && fieldType(String(prop['x-formloom'].type))?.picksRecords === true && relationForm(prop) === to;
  });
}

/** How an updateRecords action finds its records: by the IDs a relation field holds, or by matching fields. */
export type WhichRecords = 'ids' | 'match';

/** whichRecords tells how an updateRecords action finds its records; one with neither yet picks by IDs. */
export function whichRecords(action: JsonObject): WhichRecords {
  return isObject(action.match) ? 'match' : 'ids';
}

/** withoutFinders is an action without ids and match: the two ways of finding records exclude each other. */
function withoutFinders(action: JsonObject): JsonObject {
  const out: JsonObject = { ...action };
  delete out.ids;
  delete out.match;
  return out;
}

/** byIds finds the records by a relation field of the source; the only one there is is picked for the admin. */
function byIds(doc: Template, sourceForm: string, action: JsonObject): JsonObject {
  const out = withoutFinders(action);
  const links = relationFieldsTo(doc, sourceForm, String(action.form ?? ''));
  if (links.length === 1) out.ids = links[0]!;
  return out;
}

/**
 * byMatch finds the records by matching fields. When the target links back to the source
 * (tasks of a meeting), the first row says so: the targets whose link holds this record.
 */
function byMatch(doc: Template, sourceForm: string, action: JsonObject): JsonObject {
  const out = withoutFinders(action);
  const back = relationFieldsTo(doc, String(action.form ?? ''), sourceForm)[0];
  out.match = back ? { [back]: 'record.id' } : {};
  return out;
}

/**
 * setUpdateTarget points an updateRecords action at another form. What it had (which records,
 * their values) named fields of the old form, so it goes; the new form starts by the relation
 * field of the source that links to it, if there is one, else by matching.
 */
export function setUpdateTarget(doc: Template, sourceForm: string, action: JsonObject, form: string): JsonObject {
  const base: JsonObject = { ...withoutFinders(action), form, values: {} };
  if (!form) return base;
  return relationFieldsTo(doc, sourceForm, form).length > 0 ? byIds(doc, sourceForm, base) : byMatch(doc, sourceForm, base);
}

/** setWhich switches how an updateRecords action finds its records; the other way's settings go. */
export function setWhich(doc: Template, sourceForm: string, action: JsonObject, which: WhichRecords): JsonObject {
  if (whichRecords(action) === which) return action;
  return which === 'ids' ? byIds(doc, sourceForm, action) : byMatch(doc, sourceForm, action);
}

/** setUpdateIds finds the records by the IDs an expression (a relation field's key) gives; empty clears it. */
export function setUpdateIds(action: JsonObject, expr: string): JsonObject {
  const out = withoutFinders(action);
  if (expr.trim()) out.ids = expr.trim();
  return out;
}

/** A row of an updateRecords action's match: the target's field equals what the expression gives. */
export interface MatchRow {
  field: string;
  expr: string;
}

/** matchRows reads an updateRecords action's match, in its order. */
export function matchRows(action: JsonObject): MatchRow[] {
  if (!isObject(action.match)) return [];
  return Object.entries(action.match).map(([field, v]) => ({ field, expr: typeof v === 'string' ? v : '' }));
}

/** withRows writes match rows back, in order, finding the records by them alone (ids goes). */
function withRows(action: JsonObject, rows: MatchRow[]): JsonObject {
  const match: JsonObject = {};
  for (const r of rows) if (r.field) match[r.field] = r.expr.trim();
  return { ...withoutFinders(action), match };
}

/**
 * setMatchRow replaces the row of field at (its target field and its value) in place. A row
 * whose value is still empty is kept, so that it stays on screen for the admin to fill in
 * (the server reports it until then); a field another row had is that row's no more.
 */
export function setMatchRow(action: JsonObject, at: string, row: MatchRow): JsonObject {
  const rows = matchRows(action);
  const out = rows.filter((r) => r.field === at || r.field !== row.field).map((r) => (r.field === at ? row : r));
  if (!rows.some((r) => r.field === at)) out.push(row);
  return withRows(action, out);
}

/** addMatchRow adds a row on field with no value yet; a field already matched stays as it is. */
export function addMatchRow(action: JsonObject, field: string): JsonObject {
  const rows = matchRows(action);
  if (!field || rows.some((r) => r.field === field)) return action;
  return withRows(action, [...rows, { field, expr: '' }]);
}

/** removeMatchRow drops the row of field. */
export function removeMatchRow(action: JsonObject, field: string): JsonObject {
  return withRows(action, matchRows(action).filter((r) => r.field !== field));
}

/** targetSource is the expression of a target field's value before an updateRecords action writes it. */
export function targetSource(field: string): string {
  return `target.${field}`;
}

/** A server problem: a JSON pointer into the template and its message, in the reader's language. */
export interface ActionProblem {
  pointer: string;
  message: string;
}

/**
 * spotProblems places an action's problems at the controls that show them. spots are the
 * pointers, relative to the action at at, of what the editor draws ("/form", "/match/meeting");
 * a problem goes to the deepest spot at or above it, and those no control draws stay in rest,
 * for the top of the action.
 */
export function spotProblems(problems: readonly ActionProblem[], at: string, spots: readonly string[]): { at: Map<string, string[]>; rest: ActionProblem[] } {
  const placed = new Map<string, string[]>();
  const rest: ActionProblem[] = [];
  for (const p of problems) {
    const rel = p.pointer.startsWith(`${at}/`) ? p.pointer.slice(at.length) : '';
    const spot = spots.filter((s) => rel === s || rel.startsWith(`${s}/`)).sort((a, b) => b.length - a.length)[0];
    if (spot === undefined) rest.push(p);
    else placed.set(spot, [...(placed.get(spot) ?? []), p.message]);
  }
  return { at: placed, rest };
}

/** spotOf is the relative pointer of a member of an action, or of a key inside one: spotOf('match', 'a/b') is "/match/a~1b". */
export function spotOf(member: string, key?: string): string {
  return key === undefined ? `/${member}` : `/${member}/${escapePointerToken(key)}`;
}

/**
 * actionSpots lists the spots of an action its editor draws a control at, so that the server's
 * problems on them show there: the target form, the sub-form and owner of a createRecords
 * action, each value the mapping table lists, and an updateRecords action's ways of finding
 * its records and each match row.
 */
export function actionSpots(doc: Template, sourceForm: string, action: JsonObject): string[] {
  const target = typeof action.form === 'string' ? action.form : '';
  const writable = (form: string, member: string) => writableFields(doc, form, '').map((f) => spotOf(member, f.key));
  switch (action.type) {
    case 'setFields':
      return writable(sourceForm, 'values');
    case 'createRecords':
      return ['/form', '/forEach', ...(target ? ['/owner', ...writable(target, 'map')] : [])];
    case 'updateRecords':
      if (!target) return ['/form'];
      return ['/form', '/ids', '/match', ...matchRows(action).map((r) => spotOf('match', r.field)), '/values', ...writable(target, 'values')];
    default:
      return [];
  }
}
