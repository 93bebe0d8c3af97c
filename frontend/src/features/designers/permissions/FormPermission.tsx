import { Alert, Button, Card, Checkbox, Radio, Select, Space, Table, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { JsonObject } from '../form/designer';
import { ConditionBuilder } from '../query/ConditionBuilder';
import { fromFilter, toFilter } from '../query/conditions';
import type { FieldInfo } from '../query/fields';
import { useDraft } from '../store/DraftContext';
import { pointerOf } from '../store/problems';
import { ACTIONS, effectiveField, permission, SCOPES, setAction, setAllFieldRules, setFieldRule, setScope, type FieldAccess, type ScopeKind } from './model';

/**
 * FormPermission is one cell of the role × form matrix: the actions, the data scope (with a
 * condition builder for a custom filter) and the field grid (hidden / read / edit per field).
 * The server's problems about this permission are shown on it, on the field they name.
 */
export function FormPermission({ role, form, formLabel, fields }: { role: string; form: string; formLabel: string; fields: FieldInfo[] }) {
  const { t } = useTranslation('designerPermissions');
  const draft = useDraft();
  const p = permission(draft.doc, role, form);
  const at = p ? pointerOf('permissions', p.index) : '';
  const problems = p ? draft.problemsAt(at) : [];
  const kindOf = useCallback((f: string) => fields.find((x) => x.key === f)?.kind ?? 'string', [fields]);
  const filter = p?.filter;
  // eslint-disable-next-line react-hooks/preserve-manual-memoization -- the filter is part of the draft, which changes only as a new document (draft.edit)
  const group = useMemo(() => fromFilter(filter), [filter]);

  const fieldProblem = (key: string) => problems.find((x) => x.pointer.startsWith(`${at}/fields/${key}`))?.message;
  const other = problems.filter((x) => !fields.some((f) => x.pointer.startsWith(`${at}/fields/${f.key}`)));

  return (
    <Card size="small" title={formLabel} data-testid={`perm-form-${form}`} style={{ marginBottom: 16 }}>
      {other.map((x) => (
        <Alert key={x.pointer} type="error" showIcon message={x.message} style={{ marginBottom: 8 }} />
      ))}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text strong>{t('matrix.actions')}</Typography.Text>
          {ACTIONS.map((a) => (
            <Checkbox
              key={a}
              checked={p?.actions.includes(a) ?? false}
              onChange={(e) => draft.edit((d) => setAction(d, role, form, a, e.target.checked))}
              data-testid={`perm-action-${a}`}
            >
              {t(`actions.${a}`)}
            </Checkbox>
          ))}
        </Space>
        <Space wrap>
          <Typography.Text strong>{t('matrix.scope')}</Typography.Text>
          <Select<ScopeKind>
            style={{ minWidth: 200 }}
            value={p?.scope ?? 'all'}
            disabled={!p}
            onChange={(s) => draft.edit((d) => setScope(d, role, form, s, s === 'filter' ? (p?.filter ?? {}) : undefined))}
            options={SCOPES.map((s) => ({ value: s, label: t(`scope.${s}`) }))}
            data-testid="perm-scope"
          />
        </Space>
        {p?.scope === 'filter' && (
          <ConditionBuilder
            fields={fields}
            params
            value={group}
            onChange={(g) => draft.edit((d) => setScope(d, role, form, 'filter', (toFilter(g, kindOf) ?? {}) as JsonObject))}
            testId="perm-filter"
          />
        )}
        <Table<FieldInfo>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={fields}
          data-testid="perm-fields"
          columns={[
            { title: t('matrix.field'), dataIndex: 'label', render: (label: string, f) => <span data-testid={`perm-field-${f.key}`}>{label}</span> },
            {
              title: (
                <Space size={12} wrap>
                  {t('matrix.access')}
                  {/* One click for a form of sixty fields, as 简道云 offers. */}
                  {(['hidden', 'read', 'edit'] as const).map((a) => (
                    <Button key={a} type="link" size="small" disabled={!p} style={{ padding: 0 }} onClick={() => draft.edit((d) => setAllFieldRules(d, role, form, fields.map((f) => f.key), a))} data-testid={`perm-all-${a}`}>
                      {t(`matrix.all.${a}`)}
                    </Button>
                  ))}
                </Space>
              ),
              render: (_, f) => {
                const problem = fieldProblem(f.key);
                return (
                  <Space direction="vertical" size={2}>
                    <Radio.Group
                      size="small"
                      optionType="button"
                      disabled={!p}
                      value={effectiveField(p, f.key)}
                      onChange={(e) => draft.edit((d) => setFieldRule(d, role, form, f.key, e.target.value as FieldAccess))}
                      options={(['hidden', 'read', 'edit'] as const).map((a) => ({ value: a, label: t(`field.${a}`) }))}
                      data-testid={`perm-field-access-${f.key}`}
                    />
                    {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
                  </Space>
                );
              },
            },
          ]}
        />
      </Space>
    </Card>
  );
}
