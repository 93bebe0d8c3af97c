import { Grid, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { FormulaName } from '../form/model';
import { ExpressionInput } from './ExpressionInput';
import { useTranslation } from 'react-i18next';
import type { JsonObject, Template } from '../form/designer';
import { formChoices, formFields, type FieldInfo } from '../query/fields';
import { fixedExpression, fixedText, mappingOf, rowSources, setMapping, targetSource, writableFields } from './model';
import { fieldType } from '../../../fields/registry';

const META_SOURCES = ['record.id', 'record.owner', 'record.createdBy', 'record.created'] as const;
const CLOCK_SOURCES = [
  { expr: 'NOW()', name: 'now' },
  { expr: 'TODAY()', name: 'today' },
] as const;

/** A name an expression may read: a field, a record member, a target's field (target.stock). */
const NAME = /^[\p{L}_$][\p{L}\p{N}_$]*(\.[\p{L}_$][\p{L}\p{N}_$]*)?$/u;

/** sourceNames are the sources a hand-written value may name (fields, record members), not the clock or fixed values. */
function sourceNames(sources: readonly SourceOption[]): FormulaName[] {
  return sources.filter((s) => NAME.test(s.value)).map((s) => ({ name: s.value, label: s.label, type: '' }));
}

/** The names a hand-written value completes, and the labels of the prefixes some of them have (record, target). */
export interface ExpressionNames {
  names: FormulaName[];
  prefixes: FormulaName[];
}

/** A source an expression may be picked from: its expression and what the admin reads. */
export interface SourceOption {
  value: string;
  label: string;
}

/** Messages shown under a control, in the danger colour. */
export function Problems({ messages }: { messages: readonly string[] }) {
  return (
    <>
      {messages.map((m) => (
        <div key={m}>
          <Typography.Text type="danger">{m}</Typography.Text>
        </div>
      ))}
    </>
  );
}

/**
 * ExpressionPicker says what one target field gets: one of the sources (a field, a record
 * member, the clock for a date), or a fixed value — an option by its label for a field with
 * options — or an expression written by hand after an "=".
 */
export function ExpressionPicker({ field, expr, sources, names, onChange, testId, error }: { field: FieldInfo; expr: string; sources: readonly SourceOption[]; names?: ExpressionNames; onChange: (expr: string) => void; testId: 'map' | 'match'; error?: boolean }) {
  const { t } = useTranslation('designerAutomations');
  // "=" typed in the fixed-value box: the rest is written in the expression editor.
  const [writing, setWriting] = useState(false);
  // A date or time takes the clock too: when the automation runs, or that day.
  const options = [...sources, ...(fieldType(field.type)?.date !== undefined ? CLOCK_SOURCES.map((c) => ({ value: c.expr, label: t(`clock.${c.name}`) })) : [])];
  const isSource = options.some((o) => o.value === expr);
  const fixed = isSource ? '' : fixedText(expr);
  // A field with options takes one of them as its fixed value, by its label; an expression
  // written by hand (=…) keeps the text box.
  const optionValue = field.options.length > 0 && !fixed.startsWith('=') && !writing ? fixed : undefined;
  const written = writing || fixed.startsWith('=');
  const exprNames = names ?? {
    names: sourceNames(sources),
    prefixes: [{ name: 'record', label: t('names.record'), type: '' }],
  };
  const status = error ? 'error' : undefined;
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        style={{ width: '50%' }}
        status={status}
        placeholder={t('mapping.pick')}
        value={isSource ? expr : undefined}
        onChange={(v?: string) => onChange(v ?? '')}
        options={options}
        data-testid={`${testId}-source-${field.key}`}
      />
      {optionValue !== undefined ? (
        <Select
          allowClear
          style={{ width: '50%' }}
          status={status}
          placeholder={t('mapping.fixedOption')}
          value={optionValue || undefined}
          onChange={(v?: string) => onChange(v ? JSON.stringify(v) : '')}
          options={field.options}
          data-testid={`${testId}-fixed-${field.key}`}
        />
      ) : written ? (
        // min-width 0 and no overflow: a long expression scrolls inside its box instead of
        // widening the table past a phone's screen.
        <div style={{ width: '50%', minWidth: 0, overflow: 'hidden', display: 'flex' }}>
          <ExpressionInput
            value={fixed.startsWith('=') ? fixed.slice(1) : ''}
            names={exprNames.names}
            prefixes={exprNames.prefixes}
            error={error}
            autoFocus={writing}
            onCommit={(v) => {
              setWriting(false);
              const next = v.trim();
              if (next !== (fixed.startsWith('=') ? fixed.slice(1) : '')) onChange(next);
            }}
            testId={`${testId}-expr-${field.key}`}
          />
        </div>
      ) : (
        <Input
          key={expr}
          style={{ width: '50%' }}
          status={status}
          placeholder={t('mapping.fixed')}
          defaultValue={fixed}
          onChange={(e) => {
            if (e.target.value === '=') setWriting(true);
          }}
          onBlur={(e) => {
            const v = e.target.value;
            if (v === fixed) return;
            onChange(fixedExpression(v));
          }}
          data-testid={`${testId}-fixed-${field.key}`}
        />
      )}
    </Space.Compact>
  );
}

/** useRecordSources lists a form's fields and the record's members as sources, labelled in the language. */
export function useRecordSources(doc: Template, form: string): SourceOption[] {
  const { t, i18n } = useTranslation('designerAutomations');
  return [
    ...formFields(doc, form, i18n.language).map((f) => ({ value: f.key, label: f.label })),
    ...META_SOURCES.map((m) => ({ value: m, label: t(`meta.${m.slice(7) as 'id'}`) })),
  ];
}

export interface MappingTableProps {
  doc: Template;
  action: JsonObject;
  sourceForm: string;
  targetForm: string;
  onChange: (a: JsonObject) => void;
  /** The server's messages on a target field's value. */
  problemsOf?: (field: string) => readonly string[];
  /** Each field may take its own value as the record holds it before the change (updateRecords' target). */
  current?: boolean;
}

/**
 * MappingTable lists the fields of the target form an action may write beside what each gets
 * from the source record: a source field, a record member, a fixed value, or nothing.
 */
export function MappingTable({ doc, action, sourceForm, targetForm, onChange, problemsOf, current }: MappingTableProps) {
  const { t, i18n } = useTranslation('designerAutomations');
  const targets = writableFields(doc, targetForm, i18n.language);
  const mapping = mappingOf(action);
  const forEach = typeof action.forEach === 'string' ? action.forEach : '';
  const sources: SourceOption[] = [
    // One record per row: the row's columns come first, as most values come from them.
    ...(forEach ? rowSources(doc, sourceForm, forEach, i18n.language) : []),
    ...useRecordSources(doc, sourceForm),
  ];
  const phone = Grid.useBreakpoint().md === false;
  const formLabel = (key: string) => formChoices(doc, i18n.language).find((f) => f.value === key)?.label ?? key;
  // What a value written by hand completes: the sources, and in 修改数据 every field of the
  // target as it is now (target.stock), each shown by its label.
  const exprNames: ExpressionNames = {
    names: [
      ...sourceNames(sources),
      ...(current ? formFields(doc, targetForm, i18n.language).map((f) => ({ name: targetSource(f.key), label: f.label, type: f.type })) : []),
    ],
    prefixes: [
      { name: 'record', label: t('names.record'), type: '' },
      { name: 'item', label: t('names.item'), type: '' },
      { name: 'target', label: formLabel(targetForm), type: '' },
    ],
  };
  const picker = (f: (typeof targets)[number]) => {
    const messages = problemsOf?.(f.key) ?? [];
    return (
      <>
        <ExpressionPicker
          field={f}
          expr={mapping[f.key] ?? ''}
          sources={current ? [...sources, { value: targetSource(f.key), label: t('update.current') }] : sources}
          names={exprNames}
          onChange={(expr) => onChange(setMapping(action, f.key, expr))}
          testId="map"
          error={messages.length > 0}
        />
        <Problems messages={messages} />
      </>
    );
  };
  const targetTitle = t('mapping.target', { form: formLabel(targetForm) });
  const sourceTitle = t('mapping.source', { form: formLabel(sourceForm) });
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={targets}
      data-testid="action-mapping"
      columns={
        phone
          ? // A phone has no room for two columns: each field's label sits above its value.
            [
              {
                title: `${targetTitle} ← ${sourceTitle}`,
                render: (_, f) => (
                  <Space direction="vertical" size={4} style={{ width: '100%' }}>
                    <Typography.Text>{f.label}</Typography.Text>
                    {picker(f)}
                  </Space>
                ),
              },
            ]
          : [
              { title: targetTitle, dataIndex: 'label', width: '35%' },
              { title: sourceTitle, render: (_, f) => picker(f) },
            ]
      }
    />
  );
}
