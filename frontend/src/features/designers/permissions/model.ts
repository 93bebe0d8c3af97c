import type { Json, JsonObject, Template } from '../form/designer';
import { pointerOf } from '../store/problems';

/**
 * The roles and permissions model: pure functions over the template's `roles` and
 * `permissions` (docs/template-format.md#roles). Each returns a new template and leaves its
 * input untouched; a change that would change nothing returns the input itself, so the
 * draft store records no empty undo step.
 */

export const ACTIONS = ['create', 'read', 'update', 'delete', 'export', 'import'] as const;
export type Action = (typeof ACTIONS)[number];

export const SCOPES = ['all', 'own', 'department', 'departmentTree', 'filter'] as const;
export type ScopeKind = (typeof SCOPES)[number];

export type FieldAccess = 'hidden' | 'read' | 'edit';

export interface Texts {
  zh: string;
  en: string;
}

export interface RoleView {
  index: number;
  key: string;
  name: Texts;
  description: Texts;
}

/** Where a role is used: a permission, a pipeline's assignee rule, an automation's recipients. */
export interface RoleUse {
  kind: 'permission' | 'pipeline' | 'automation';
  pointer: string;
  /** The pipeline's or automation's key, or the permission's form ("" for the app itself). */
  owner: string;
}

export const ROLE_KEY = /^[a-z][a-z0-9_]{0,62}$/;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(doc: Template, key: string): JsonObject[] {
  const v = doc[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function texts(v: Json | undefined): Texts {
  if (typeof v === 'string') return { zh: v, en: '' };
  if (!isObject(v)) return { zh: '', en: '' };
  return { zh: typeof v['zh-CN'] === 'string' ? v['zh-CN'] : '', en: typeof v.en === 'string' ? v.en : '' };
}

function toText(t: Texts): JsonObject {
  const out: JsonObject = {};
  if (t.zh.trim()) out['zh-CN'] = t.zh.trim();
  if (t.en.trim()) out.en = t.en.trim();
  return out;
}

/** roles lists the template's roles in order. */
export function roles(doc: Template): RoleView[] {
  return list(doc, 'roles').map((r, index) => ({ index, key: String(r.key ?? ''), name: texts(r.name), description: texts(r.description) }));
}

/** addRole appends a role; a key already taken or not a key leaves the template as it is. */
export function addRole(doc: Template, key: string, name: Texts): Template {
  if (!ROLE_KEY.test(key) || roles(doc).some((r) => r.key === key)) return doc;
  const role: JsonObject = { key, name: toText(name.zh.trim() ? name : { zh: key, en: name.en }) };
  return { ...doc, roles: [...list(doc, 'roles'), role] };
}

/** renameRole sets a role's names in both languages (Chinese is required; empty keeps the old). */
export function renameRole(doc: Template, key: string, name: Texts): Template {
  const all = list(doc, 'roles');
  const i = all.findIndex((r) => r.key === key);
  if (i < 0) return doc;
  const old = texts(all[i]!.name);
  const next = { zh: name.zh.trim() || old.zh, en: name.en.trim() };
  if (next.zh === old.zh && next.en === old.en) return doc;
  const out = [...all];
  out[i] = { ...all[i]!, name: toText(next) };
  return { ...doc, roles: out };
}

/** Collects the pointers of every {type: "role", role: key} rule under a value. */
function roleRules(v: Json | undefined, key: string, at: string, out: string[]): void {
  if (Array.isArray(v)) v.forEach((x, i) => roleRules(x, key, `${at}/${i}`, out));
  else if (isObject(v)) {
    if (v.type === 'role' && v.role === key) out.push(at);
    for (const [k, x] of Object.entries(v)) roleRules(x, key, `${at}${pointerOf(k)}`, out);
  }
}

/** roleUsage lists where a role is used: its permissions, pipeline steps and automations. */
export function roleUsage(doc: Template, key: string): RoleUse[] {
  const out: RoleUse[] = [];
  list(doc, 'permissions').forEach((p, i) => {
    if (p.role === key) out.push({ kind: 'permission', pointer: pointerOf('permissions', i), owner: typeof p.form === 'string' ? p.form : '' });
  });
  for (const kind of ['pipelines', 'automations'] as const) {
    list(doc, kind).forEach((p, i) => {
      const found: string[] = [];
      roleRules(p, key, pointerOf(kind, i), found);
      for (const pointer of found) out.push({ kind: kind === 'pipelines' ? 'pipeline' : 'automation', pointer, owner: String(p.key ?? '') });
    });
  }
  return out;
}

/** RoleInUse is thrown by removeRole for a role a pipeline or an automation still names. */
export class RoleInUse extends Error {
  constructor(readonly uses: RoleUse[]) {
    super(`role used by ${uses.map((u) => u.pointer).join(', ')}`);
  }
}

/**
 * removeRole deletes a role and its permissions. A role that pipelines or automations still
 * assign work to cannot go: their steps would have nobody; RoleInUse says where.
 */
export function removeRole(doc: Template, key: string): Template {
  if (!roles(doc).some((r) => r.key === key)) return doc;
  const blocking = roleUsage(doc, key).filter((u) => u.kind !== 'permission');
  if (blocking.length > 0) throw new RoleInUse(blocking);
  return {
    ...doc,
    roles: list(doc, 'roles').filter((r) => r.key !== key),
    permissions: list(doc, 'permissions').filter((p) => p.role !== key),
  };
}

// ---- permissions ----

export interface PermissionView {
  index: number;
  actions: string[];
  scope: ScopeKind;
  /** The scope's filter when scope is "filter". */
  filter?: JsonObject;
  fields: Record<string, FieldAccess>;
}

function permIndex(doc: Template, role: string, form: string | undefined): number {
  return list(doc, 'permissions').findIndex((p) => p.role === role && (form ? p.form === form : p.form === undefined));
}

/** permission reads the permission of a role on a form (form undefined: on the app itself). */
export function permission(doc: Template, role: string, form?: string): PermissionView | undefined {
  const i = permIndex(doc, role, form);
  if (i < 0) return undefined;
  const p = list(doc, 'permissions')[i]!;
  const scope = p.scope;
  const fields = isObject(p.fields) ? (p.fields as Record<string, FieldAccess>) : {};
  return {
    index: i,
    actions: Array.isArray(p.actions) ? p.actions.filter((a): a is string => typeof a === 'string') : [],
    scope: isObject(scope) ? 'filter' : typeof scope === 'string' && (SCOPES as readonly string[]).includes(scope) ? (scope as ScopeKind) : 'all',
    filter: isObject(scope) && isObject(scope.filter) ? scope.filter : undefined,
    fields: { ...fields },
  };
}

/** withPermission changes (or creates) one permission; fn returning undefined removes it. */
function withPermission(doc: Template, role: string, form: string | undefined, fn: (p: JsonObject) => JsonObject | undefined): Template {
  const all = list(doc, 'permissions');
  const i = permIndex(doc, role, form);
  const base: JsonObject = i >= 0 ? structuredClone(all[i]!) : form ? { role, form, actions: [] } : { role, actions: [] };
  const next = fn(base);
  const out = [...all];
  if (next === undefined) {
    if (i < 0) return doc;
    out.splice(i, 1);
  } else if (i >= 0) out[i] = next;
  else out.push(next);
  return { ...doc, permissions: out };
}

/** setAction grants or withdraws one action; a permission left with no action is removed. */
export function setAction(doc: Template, role: string, form: string, action: Action, on: boolean): Template {
  const had = permission(doc, role, form)?.actions.includes(action) ?? false;
  if (had === on) return doc;
  return withPermission(doc, role, form, (p) => {
    const actions = (p.actions as string[]).filter((a) => a !== action);
    if (on) actions.push(action);
    const ordered = ACTIONS.filter((a) => actions.includes(a)) as string[];
    return ordered.length === 0 ? undefined : { ...p, actions: ordered };
  });
}

/** setManage lets a role's holders design the app (a permission without form), or not. */
export function setManage(doc: Template, role: string, on: boolean): Template {
  const had = permission(doc, role)?.actions.includes('manage') ?? false;
  if (had === on) return doc;
  return withPermission(doc, role, undefined, (p) => (on ? { ...p, actions: ['manage'] } : undefined));
}

/**
 * setScope sets which records a permission reaches; a filter scope takes the query-language
 * filter (undefined keeps the filter scope with an empty filter, which matches every record).
 * A role without a permission on the form gets one granting read.
 */
export function setScope(doc: Template, role: string, form: string, scope: ScopeKind, filter?: JsonObject): Template {
  return withPermission(doc, role, form, (p) => {
    const actions = (p.actions as string[]).length ? (p.actions as string[]) : ['read'];
    const next: JsonObject = { ...p, actions };
    if (scope === 'all') delete next.scope;
    else next.scope = scope === 'filter' ? { filter: filter ?? {} } : scope;
    return next;
  });
}

/** setFieldRule sets a field's access for a role on a form; undefined drops the rule (the default). */
export function setFieldRule(doc: Template, role: string, form: string, field: string, rule: FieldAccess | undefined): Template {
  const current = permission(doc, role, form);
  if ((current?.fields[field] ?? undefined) === rule) return doc;
  if (!current && rule === undefined) return doc;
  return withPermission(doc, role, form, (p) => {
    const fields: JsonObject = isObject(p.fields) ? { ...p.fields } : {};
    if (rule === undefined) delete fields[field];
    else fields[field] = rule;
    const next: JsonObject = { ...p, actions: (p.actions as string[]).length ? (p.actions as string[]) : ['read'] };
    if (Object.keys(fields).length === 0) delete next.fields;
    else next.fields = fields;
    return next;
  });
}

/**
 * effectiveField is what a field's cell shows: the rule written, else the default — edit where
 * the permission grants create or update, read where it grants only read, hidden without read.
 */
export function effectiveField(p: PermissionView | undefined, field: string): FieldAccess {
  if (!p) return 'hidden';
  const rule = p.fields[field];
  if (rule) return rule;
  if (p.actions.includes('create') || p.actions.includes('update')) return 'edit';
  return p.actions.includes('read') ? 'read' : 'hidden';
}

/**
 * setAllFieldRules gives every field of keys the same access for a role on a form (the header's
 * 全部不可见 / 全部只读 / 全部可编辑). Where that is what the permission's actions give anyway,
 * the rules go instead of being written out one per field.
 */
export function setAllFieldRules(doc: Template, role: string, form: string, keys: string[], rule: FieldAccess): Template {
  const current = permission(doc, role, form);
  if (!current) return doc;
  const byDefault = effectiveField({ ...current, fields: {} }, '') === rule;
  return withPermission(doc, role, form, (p) => {
    const fields: JsonObject = isObject(p.fields) ? { ...p.fields } : {};
    for (const k of keys) {
      if (byDefault) delete fields[k];
      else fields[k] = rule;
    }
    const next: JsonObject = { ...p };
    if (Object.keys(fields).length === 0) delete next.fields;
    else next.fields = fields;
    return next;
  });
}
