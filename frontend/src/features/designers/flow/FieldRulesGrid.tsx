import { Button, Radio, Space, Table } from 'antd';
import { useFlowT } from './useFlowT';
import type { Json, JsonObject } from '../form/designer';
import type { FlowField } from './conditions';
import { fieldLabel } from './summary';
import { fieldType } from '../../../fields/registry';

const RULES = ['none', 'hidden', 'read', 'edit', 'required'] as const;

/**
 * FieldRulesGrid is a node's field permissions: for each field of the form, hidden, read,
 * edit or required (or left to the role), with "all read" and "all edit" shortcuts. Computed
 * fields can only be hidden or read.
 */
export function FieldRulesGrid({ value, onChange, fields, readOnly }: { value: Json | undefined; onChange: (v: JsonObject | undefined) => void; fields: FlowField[]; readOnly: boolean }) {
  const { t, i18n } = useFlowT();
  const rules = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  const set = (key: string, r: string) => {
    const next: JsonObject = { ...rules };
    if (r === 'none') delete next[key];
    else next[key] = r;
    onChange(Object.keys(next).length > 0 ? next : undefined);
  };
  const all = (r: 'read' | 'edit') => {
    const next: JsonObject = {};
    for (const f of fields) next[f.key] = r === 'edit' && fieldType(f.type)?.computed ? 'read' : r;
    onChange(next);
  };
  return (
    <div data-testid="flow-field-rules">
      {!readOnly && (
        <Space style={{ marginBottom: 6 }}>
          <Button size="small" onClick={() => all('read')} data-testid="flow-fields-all-read">{t('panel.allRead')}</Button>
          <Button size="small" onClick={() => all('edit')} data-testid="flow-fields-all-edit">{t('panel.allEdit')}</Button>
          <Button size="small" onClick={() => onChange(undefined)}>{t('panel.clearRules')}</Button>
        </Space>
      )}
      <Table
        className="fl-flow-grid"
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={fields}
        columns={[
          { title: t('fieldCol'), key: 'label', render: (_, f) => fieldLabel([f], f.key, i18n.language), width: 90 },
          {
            title: RULES.map((r) => t(`rule.${r}`)).join(' / '),
            key: 'rule',
            render: (_, f) => (
              <Radio.Group
                size="small"
                value={typeof rules[f.key] === 'string' ? rules[f.key] : 'none'}
                disabled={readOnly}
                onChange={(e) => set(f.key, String(e.target.value))}
                data-testid={`flow-field-${f.key}`}
                options={RULES.filter((r) => !(fieldType(f.type)?.computed && (r === 'edit' || r === 'required'))).map((r) => ({ value: r, label: <span data-testid={`flow-field-${f.key}-${r}`}>{t(`rule.${r}`)}</span> }))}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
