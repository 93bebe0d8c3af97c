import type { Json, JsonObject } from '../form/designer';
import type { FlowField } from './conditions';

/**
 * What a node card shows at a glance, worked out from the node's JSON: who, how it is decided,
 * when it is due, what its people may edit. Pure, so the canvas only renders the words.
 */

export const UNITS = ['workingDays', 'workingHours', 'hours', 'days'] as const;
export type Unit = (typeof UNITS)[number];

export interface DurationView {
  n: number;
  unit: Unit;
}

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** durationOf reads a duration ({"workingDays": 2}); undefined when there is none. */
export function durationOf(v: Json | undefined): DurationView | undefined {
  if (!isObject(v)) return undefined;
  for (const unit of UNITS) {
    const n = v[unit];
    if (typeof n === 'number' && n > 0) return { n, unit };
  }
  return undefined;
}

export function toDuration(d: DurationView): JsonObject {
  return { [d.unit]: d.n };
}

/** People of the workspace and the template, by id, for the words. */
export interface Names {
  member: (id: string) => string;
  role: (key: string) => string;
  field: (key: string) => string;
}

export type Translate = (key: string, opts?: Record<string, unknown>) => string;

/** whoOf says an assignee list in words: "Role Legal, Department head". */
export function whoOf(list: Json | undefined, names: Names, t: Translate): string {
  if (!Array.isArray(list) || list.length === 0) return '';
  return list
    .filter(isObject)
    .map((a) => {
      switch (a.type) {
        case 'member':
          return names.member(String(a.member ?? ''));
        case 'role':
          return `${t('assignee.role')} ${names.role(String(a.role ?? ''))}`;
        case 'departmentHead':
          return a.field ? `${t('assignee.departmentHead')} (${names.field(String(a.field))})` : t('assignee.departmentHead');
        case 'manager':
          return `${t('assignee.manager')} ×${typeof a.levels === 'number' ? a.levels : 1}`;
        case 'field':
          return names.field(String(a.field ?? ''));
        case 'submitter':
          return t('assignee.submitter');
        default:
          return String(a.type);
      }
    })
    .join(', ');
}

/** dueOf says a deadline in words. */
export function dueOf(v: Json | undefined, names: Names, t: Translate): string {
  if (!isObject(v)) return '';
  const after = durationOf(v.after);
  if (after) return t('summary.after', { n: after.n, unit: t(`unit.${after.unit}`) });
  if (typeof v.field === 'string') {
    const plus = durationOf(v.plus);
    return t('summary.field', { field: names.field(v.field), plus: plus ? `+${plus.n} ${t(`unit.${plus.unit}`)}` : '' }).trim();
  }
  if (isObject(v.by)) return t('summary.by', { field: names.field(String(v.by.field ?? '')) });
  return '';
}

/** fieldCounts counts a node's field rules by kind. */
export function fieldCounts(v: Json | undefined): { edit: number; required: number; hidden: number; read: number } {
  const out = { edit: 0, required: 0, hidden: 0, read: 0 };
  if (!isObject(v)) return out;
  for (const r of Object.values(v)) if (typeof r === 'string' && r in out) out[r as keyof typeof out]++;
  return out;
}

/** fieldLabel names a field by its label in the language. */
export function fieldLabel(fields: FlowField[], key: string, language: string): string {
  const f = fields.find((x) => x.key === key);
  if (!f) return key;
  const zh = language.toLowerCase().startsWith('zh');
  return (zh ? f.label.zh || f.label.en : f.label.en || f.label.zh) || key;
}
