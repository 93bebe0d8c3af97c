import { DeleteOutlined } from '@ant-design/icons';
import { AntDActionElement, AntDValueEditor, QueryBuilderAntD } from '@react-querybuilder/antd';
import { Select, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryBuilder, type ActionWithRulesAndAddersProps, type Field, type RuleGroupType, type ValueEditorProps } from 'react-querybuilder';
import 'react-querybuilder/dist/query-builder.css';
import './conditionBuilder.css';
import { DateValue } from './DateValue';
import { OPERATORS, type CondGroup, type ValueKind } from './conditions';
import type { FieldInfo } from './fields';
import { fieldType } from '../../../fields/registry';

export interface ConditionBuilderProps {
  fields: FieldInfo[];
  value: CondGroup;
  onChange: (g: CondGroup) => void;
  /** Whether values may be parameters (@currentUser…): filters may, expressions may not. */
  params?: boolean;
  /** Whether a date may be compared with today or now: filters (params) and automation conditions may, show-when and required-when may not. */
  clock?: boolean;
  /** The operators offered per kind of field (default OPERATORS). */
  operators?: Record<ValueKind, string[]>;
  testId?: string;
}

/**
 * ConditionBuilder edits conditions with react-querybuilder (antd controls): rules over a
 * form's fields with operators that fit each field's kind, grouped with and/or. The caller
 * compiles the group to a filter or an expression (conditions.ts).
 */
export function ConditionBuilder({ fields, value, onChange, params, clock, operators: offered = OPERATORS, testId }: ConditionBuilderProps) {
  const { t: typed } = useTranslation('designerQuery');
  // Operator keys come from OPERATORS at run time; every one has a text in both languages.
  const t = typed as unknown as (key: string) => string;
  const rqbFields = useMemo<Field[]>(
    () =>
      fields.map((f) => {
        // A date is compared as earlier or later, not smaller or greater.
        const opLabel = (op: string) => (f.kind === 'date' && ['lt', 'lte', 'gt', 'gte'].includes(op) ? t(`dateOp.${op}`) : t(`op.${op}`));
        const operators = offered[f.kind].map((op) => ({ name: op, label: opLabel(op) }));
        const base: Field = { name: f.key, label: f.label, operators, kind: f.kind, withTime: fieldType(f.type)?.date === 'datetime' };
        if (f.kind === 'bool') return { ...base, valueEditorType: 'select', values: [{ name: 'true', label: t('yes') }, { name: 'false', label: t('no') }] };
        // Options are picked by their labels, several at once for "is one of".
        if (f.options.length > 0) return { ...base, valueEditorType: (op: string) => (op === 'in' || op === 'nin' ? 'multiselect' : 'select'), values: f.options.map((o) => ({ name: o.value, label: o.label })) };
        if (params && (fieldType(f.type)?.people === 'members' || f.key === 'owner')) {
          return { ...base, valueEditorType: 'select', values: [{ name: '@currentUser', label: t('param.currentUser') }] };
        }
        return base;
      }),
    [fields, params, offered, t],
  );
  const translations = useMemo(
    () => ({
      addRule: { label: t('addRule'), title: t('addRule') },
      addGroup: { label: t('addGroup'), title: t('addGroup') },
      removeRule: { label: '×', title: t('remove') },
      removeGroup: { label: '×', title: t('remove') },
      combinators: { title: t('combinator') },
    }),
    [t],
  );
  const combinators = useMemo(() => [{ name: 'and', label: t('and') }, { name: 'or', label: t('or') }], [t]);
  return (
    <div data-testid={testId} className="fl-condition-builder">
      <QueryBuilderAntD>
        <QueryBuilder
          fields={rqbFields}
          query={value as RuleGroupType}
          onQueryChange={(q) => onChange(q as CondGroup)}
          // The builder would report its query once on mount: opening a part is no edit.
          enableMountQueryChange={false}
          combinators={combinators}
          translations={translations}
          showNotToggle={false}
          resetOnFieldChange
          controlClassnames={{ queryBuilder: 'queryBuilder-branches' }}
          controlElements={CONTROLS}
          context={{ clock: Boolean(clock || params) }}
        />
      </QueryBuilderAntD>
      {fields.length === 0 && <span>{t('noFields')}</span>}
    </div>
  );
}

/** The builder's own controls in place of the antd set's: see each below. */
const CONTROLS = { actionElement: ActionButton, valueEditor: ValueEditor };

/** ActionButton: adding reads as a plain button, removing as a quiet delete icon (antd's primary blue on every button shouted). */
function ActionButton(props: ActionWithRulesAndAddersProps) {
  const removes = /-remove\b/.test(props.className ?? '');
  return removes ? <AntDActionElement {...props} label="" type="text" danger icon={<DeleteOutlined />} /> : <AntDActionElement {...props} type="default" />;
}

/**
 * ValueEditor: dates on a calendar or as 今天 / 现在; everything else as antd's editor. A
 * condition without its value says so: saved as it is, it would match no record (a view
 * that always reads 暂无记录), and a row added and forgotten is easy to miss.
 */
function ValueEditor(props: ValueEditorProps) {
  const { t } = useTranslation('designerQuery');
  const field = props.fieldData as { kind?: string; withTime?: boolean };
  if (props.operator === 'exists') return <PresenceValue value={props.value} onChange={props.handleOnChange} />;
  let editor = <AntDValueEditor {...props} />;
  if (field.kind === 'date') {
    const clock = Boolean((props.context as { clock?: boolean } | undefined)?.clock);
    editor = <DateValue value={props.value} onChange={props.handleOnChange} withTime={Boolean(field.withTime)} clock={clock} />;
  }
  if (!isBlank(props.value)) return editor;
  return (
    <span className="fl-condition-value">
      {editor}
      <Typography.Text type="danger" className="fl-condition-missing" data-testid="condition-missing">
        {t('missingValue')}
      </Typography.Text>
    </span>
  );
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

/** PresenceValue answers "has a value": yes or no, never a typed true. */
function PresenceValue({ value, onChange }: { value: unknown; onChange: (v: boolean) => void }) {
  const { t } = useTranslation('designerQuery');
  const no = value === false || value === 'false';
  return (
    <Select
      style={{ minWidth: 72 }}
      value={no ? 'false' : 'true'}
      onChange={(v: string) => onChange(v === 'true')}
      options={[
        { value: 'true', label: t('yes') },
        { value: 'false', label: t('no') },
      ]}
      data-testid="condition-presence"
    />
  );
}
