import type { JsonObject, Template } from '../form/designer';
import { columnKeys, columnView, isSubform } from '../form/subform';
import { formFields, formOf, pick } from '../query/fields';

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
export const ACTION_TYPES = ['setFields', 'createRecords', 'webhook', 'notify'] as const;
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
 * setMapping sets what one target field gets (an expression) in a setFields action's values
 * or a createRecords action's map; an empty expression removes the field.
 */
export function setMapping(action: JsonObject, target: string, expr: string): JsonObject {
  const member = action.type === 'createRecords' ? 'map' : 'values';
  const current = isObject(action[member]) ? { ...(action[member] as JsonObject) } : {};
  if (expr.trim()) current[target] = expr.trim();
  else delete current[target];
  return { ...action, [member]: current };
}

/** mappingOf reads a setFields or createRecords action's target → expression pairs. */
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
