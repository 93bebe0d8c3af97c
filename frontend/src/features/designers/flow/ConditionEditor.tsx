import { QueryBuilderAntD } from '@react-querybuilder/antd';
import { Alert, Button } from 'antd';
import { useMemo, useState } from 'react';
import { useFlowT } from './useFlowT';
import { QueryBuilder, type Field, type RuleGroupType } from 'react-querybuilder';
import 'react-querybuilder/dist/query-builder.css';
import { compile, describe, parse, type FlowField, type RuleGroup } from './conditions';
import { fieldLabel } from './summary';
import { fieldType } from '../../../fields/registry';

/**
 * ConditionEditor builds a branch's condition by picking field, operator and value, in and/or
 * groups (react-querybuilder), compiles it to the pipeline's expression language on every
 * change and says it back in words. A hand-written expression it cannot read is shown as it is
 * until the admin builds a new one.
 */
export function ConditionEditor({ when, fields, onChange, readOnly }: { when: string; fields: FlowField[]; onChange: (when: string) => void; readOnly: boolean }) {
  const { t, i18n } = useFlowT();
  const parsed = useMemo(() => parse(when), [when]);
  const [replacing, setReplacing] = useState(false);
  const [query, setQuery] = useState<RuleGroupType>(() => toQuery(parsed ?? { combinator: 'and', rules: [] }));
  const lang = i18n.language;
  const zh = lang.toLowerCase().startsWith('zh');
  const qbFields: Field[] = useMemo(
    () =>
      fields
        .filter((f) => !fieldType(f.type)?.notCompared)
        .map((f) => ({
          name: f.key,
          label: fieldLabel([f], f.key, lang),
          inputType: f.numeric ? 'number' : fieldType(f.type)?.date === 'date' ? 'date' : 'text',
          ...(f.options.length > 0
            ? { valueEditorType: 'select' as const, values: f.options.map((o) => ({ name: o.value, label: (zh ? o.label.zh || o.label.en : o.label.en || o.label.zh) || o.value })) }
            : {}),
          operators: OPS(zh).filter((o) => (f.numeric || fieldType(f.type)?.date === 'date' ? o.name !== 'contains' : !['<', '<=', '>', '>='].includes(o.name))),
        })),
    [fields, lang, zh],
  );
  if (!parsed && !replacing) {
    return (
      <Alert
        type="info"
        message={t('panel.handWritten', { expr: when })}
        action={!readOnly && <Button size="small" onClick={() => setReplacing(true)}>{t('panel.replace')}</Button>}
      />
    );
  }
  return (
    <div data-testid="flow-condition">
      <QueryBuilderAntD>
        <QueryBuilder
          fields={qbFields}
          query={query}
          disabled={readOnly}
          combinators={[
            { name: 'and', label: zh ? '且' : 'and' },
            { name: 'or', label: zh ? '或' : 'or' },
          ]}
          translations={zh ? ZH : undefined}
          onQueryChange={(q) => {
            setQuery(q);
            // The builder reports its query once on mount too: only a real change is an edit.
            const next = compile(q as RuleGroup, fields);
            if (next !== when) onChange(next);
          }}
          controlClassnames={{ queryBuilder: 'queryBuilder-branches' }}
        />
      </QueryBuilderAntD>
      <div className="fl-flow-row" style={{ marginTop: 8 }}>
        <span className="fl-flow-muted">{t('panel.inWords')}:</span>
        <span data-testid="flow-condition-words">{when ? describe(when, fields, lang) : t('noCondition')}</span>
      </div>
    </div>
  );
}

function toQuery(g: RuleGroup): RuleGroupType {
  return {
    combinator: g.combinator,
    not: g.not,
    rules: g.rules.map((r) => ('rules' in r ? toQuery(r) : { field: r.field, operator: r.operator, value: r.value })),
  } as RuleGroupType;
}

const OPS = (zh: boolean) => [
  { name: '=', label: zh ? '等于' : '=' },
  { name: '!=', label: zh ? '不等于' : '≠' },
  { name: '<', label: zh ? '小于' : '<' },
  { name: '<=', label: zh ? '不大于' : '≤' },
  { name: '>', label: zh ? '大于' : '>' },
  { name: '>=', label: zh ? '不小于' : '≥' },
  { name: 'contains', label: zh ? '包含' : 'contains' },
  { name: 'in', label: zh ? '属于' : 'is one of' },
  { name: 'notIn', label: zh ? '不属于' : 'is none of' },
  { name: 'null', label: zh ? '为空' : 'is empty' },
  { name: 'notNull', label: zh ? '不为空' : 'is not empty' },
];

const ZH = {
  addRule: { label: '+ 条件', title: '添加条件' },
  addGroup: { label: '+ 条件组', title: '添加条件组' },
  removeRule: { label: '⨯', title: '删除条件' },
  removeGroup: { label: '⨯', title: '删除条件组' },
};
