import { QueryBuilderAntD } from '@react-querybuilder/antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryBuilder, type Field, type RuleGroupType } from 'react-querybuilder';
import 'react-querybuilder/dist/query-builder.css';
import { OPERATORS, type CondGroup, type ValueKind } from './conditions';
import type { FieldInfo } from './fields';
import { fieldType } from '../../../fields/registry';

export interface ConditionBuilderProps {
  fields: FieldInfo[];
  value: CondGroup;
  onChange: (g: CondGroup) => void;
  /** Whether values may be parameters (@currentUser…): filters may, expressions may not. */
  params?: boolean;
  /** The operators offered per kind of field (default OPERATORS). */
  operators?: Record<ValueKind, string[]>;
  testId?: string;
}

/**
 * ConditionBuilder edits conditions with react-querybuilder (antd controls): rules over a
 * form's fields with operators that fit each field's kind, grouped with and/or. The caller
 * compiles the group to a filter or an expression (conditions.ts).
 */
export function ConditionBuilder({ fields, value, onChange, params, operators: offered = OPERATORS, testId }: ConditionBuilderProps) {
  const { t: typed } = useTranslation('designerQuery');
  // Operator keys come from OPERATORS at run time; every one has a text in both languages.
  const t = typed as unknown as (key: string) => string;
  const rqbFields = useMemo<Field[]>(
    () =>
      fields.map((f) => {
        const operators = offered[f.kind].map((op) => ({ name: op, label: t(`op.${op}`) }));
        const base: Field = { name: f.key, label: f.label, operators };
        if (f.kind === 'bool') return { ...base, valueEditorType: 'select', values: [{ name: 'true', label: t('yes') }, { name: 'false', label: t('no') }] };
        if (f.options.length > 0) return { ...base, valueEditorType: 'select', values: f.options.map((o) => ({ name: o.value, label: o.label })) };
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
        />
      </QueryBuilderAntD>
      {fields.length === 0 && <span>{t('noFields')}</span>}
    </div>
  );
}
