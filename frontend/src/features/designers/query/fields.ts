import { fieldKeys, fieldView, formName, type JsonObject, type Template } from '../form/designer';
import type { ValueKind } from './conditions';
import { fieldType } from '../../../fields/registry';

/** What the designers of this folder need to know of a form's field. */
export interface FieldInfo {
  key: string;
  label: string;
  /** The x-formloom type (text, number, select, member, …). */
  type: string;
  kind: ValueKind;
  options: { value: string; label: string }[];
}

/** kindOfType maps a field type to the kind of value filters compare it with. */
export function kindOfType(type: string, jsonType?: unknown): ValueKind {
  if (fieldType(type)?.numeric || jsonType === 'number' || jsonType === 'integer') return 'number';
  if (fieldType(type)?.yesNo || jsonType === 'boolean') return 'bool';
  if (fieldType(type)?.date !== undefined) return 'date';
  if (fieldType(type)?.list || jsonType === 'array') return 'list';
  return 'string';
}

/** pick reads a designer text ({zh, en}) in a language, falling back to the other one. */
export function pick(t: { zh: string; en: string }, language: string): string {
  return language.startsWith('en') ? t.en || t.zh : t.zh || t.en;
}

/** formOf finds a form of the template by key. */
export function formOf(doc: Template, key: string): JsonObject | undefined {
  return doc.forms.find((f) => f.key === key);
}

/** formFields lists a form's fields in display order with labels in the language. */
export function formFields(doc: Template, formKey: string, language: string): FieldInfo[] {
  const form = formOf(doc, formKey);
  if (!form) return [];
  const props = ((form.schema as JsonObject | undefined)?.properties ?? {}) as Record<string, JsonObject>;
  return fieldKeys(form).map((key) => {
    const v = fieldView(form, key)!;
    return {
      key,
      label: pick(v.label, language) || key,
      type: v.type,
      kind: kindOfType(v.type, props[key]?.type),
      options: v.options.map((o) => ({ value: o.value, label: pick(o.label, language) || o.value })),
    };
  });
}

/** formChoices lists the template's forms as choices. */
export function formChoices(doc: Template, language: string): { value: string; label: string }[] {
  return doc.forms.map((f) => ({ value: String(f.key), label: formName(f, language) || String(f.key) }));
}

/** textOf reads a localized text of the template in a language. */
export function textOf(v: unknown, language: string): string {
  if (typeof v === 'string') return v;
  if (typeof v !== 'object' || v === null) return '';
  const o = v as Record<string, unknown>;
  const zh = typeof o['zh-CN'] === 'string' ? (o['zh-CN'] as string) : '';
  const en = typeof o.en === 'string' ? o.en : '';
  return language.startsWith('en') ? en || zh : zh || en;
}

/** freeKey picks "base", "base_2", … not among taken. */
export function freeKey(base: string, taken: Iterable<string>): string {
  const set = new Set(taken);
  if (!set.has(base)) return base;
  for (let n = 2; ; n++) if (!set.has(`${base}_${n}`)) return `${base}_${n}`;
}
