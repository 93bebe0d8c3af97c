import type { FormDef, RecordItem, ViewGroup } from '../../shared/api/types';
import { localized } from '../../shared/lib/localized';
import { displayValue, fieldLabels, type ValueTexts } from '../forms/schemaForm';

/** The texts of the record members a view may name as columns. */
export interface MetaTexts {
  stage: string;
  due: string;
  overdue: string;
  status: string;
  created: string;
  updated: string;
  noValue: string;
  /** A flow status ("running") in the UI language. */
  flowStatus: (status: string) => string;
}

/** Record members views may use besides the form's fields, and where a record holds them. */
const META_COLUMNS: Record<string, keyof MetaTexts> = {
  _stage: 'stage',
  _due: 'due',
  _overdue: 'overdue',
  _flowStatus: 'status',
  _created: 'created',
  _updated: 'updated',
};

/** columnLabel names a view column: the field's label in the UI language, or the meta member's text. */
export function columnLabel(form: FormDef | undefined, column: string, language: string, texts: MetaTexts): string {
  const meta = META_COLUMNS[column];
  if (meta) return texts[meta] as string;
  const labels = form ? fieldLabels(form, language) : undefined;
  return labels?.get(column) ?? column;
}

function dateTime(v: string | undefined, language: string): string {
  if (!v) return '';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? '' : new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** cellText renders one view column of a record as text. */
export function cellText(
  form: FormDef | undefined,
  record: RecordItem,
  column: string,
  language: string,
  texts: MetaTexts & ValueTexts,
): string {
  switch (column) {
    case '_stage':
      return record.stage ?? '';
    case '_due':
      return dateTime(record.due, language);
    case '_overdue':
      return record.overdue ? texts.yes : record.flow ? texts.no : '';
    case '_flowStatus':
      return record.flow ? texts.flowStatus(record.flow.status) : '';
    case '_created':
      return dateTime(record.created, language);
    case '_updated':
      return dateTime(record.updated, language);
  }
  const prop = form?.schema.properties?.[column];
  return displayValue(prop, record.data[column], language, texts);
}

/** groupKey is a kanban column's key: its option value, or "" for records without one. */
export function groupKey(group: ViewGroup): string {
  return group.value ?? '';
}

/**
 * groupLabel names a kanban column in the UI language: the server's label, else the option's
 * label in the form, else the value itself; records without a value get noValue.
 */
export function groupLabel(group: ViewGroup, form: FormDef | undefined, groupBy: string | undefined, language: string, noValue: string): string {
  if (group.value === null || group.value === undefined || group.value === '') return noValue;
  const fromServer = localized(group.label, language);
  if (fromServer) return fromServer;
  const option = groupBy ? form?.schema.properties?.[groupBy]?.['x-formloom']?.options?.find((o) => o.value === group.value) : undefined;
  return localized(option?.label, language) || group.value;
}
