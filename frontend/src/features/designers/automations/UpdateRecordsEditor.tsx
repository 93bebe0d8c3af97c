import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Radio, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JsonObject, Template } from '../form/designer';
import { formChoices, formFields, type FieldInfo } from '../query/fields';
import { ExpressionPicker, MappingTable, Problems, useRecordSources } from './MappingTable';
import { addMatchRow, matchableFields, matchRows, relationFieldsTo, removeMatchRow, setMatchRow, setUpdateIds, setUpdateTarget, setWhich, spotOf, whichRecords, type WhichRecords } from './model';

export interface UpdateRecordsEditorProps {
  doc: Template;
  /** The automation's form: the record the action runs on. */
  form: string;
  action: JsonObject;
  /** The server's messages at a spot of the action ("/ids", "/match/meeting"). */
  problemsAt: (spot: string) => readonly string[];
  onChange: (a: JsonObject) => void;
}

/**
 * UpdateRecordsEditor edits an updateRecords action (修改数据): the form whose records change,
 * which of them — those a relation field of this record points to, or those whose fields
 * match — and what their fields are set to.
 */
export function UpdateRecordsEditor({ doc, form, action, problemsAt, onChange }: UpdateRecordsEditorProps) {
  const { t, i18n } = useTranslation('designerAutomations');
  const target = typeof action.form === 'string' ? action.form : '';
  const forms = formChoices(doc, i18n.language);
  const formLabel = (key: string) => forms.find((f) => f.value === key)?.label ?? key;
  const which = whichRecords(action);
  const finding = [...problemsAt('/ids'), ...problemsAt('/match')];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <div>
        <Space wrap>
          <Typography.Text>{t('update.form')}</Typography.Text>
          <Select
            style={{ minWidth: 180 }}
            status={problemsAt('/form').length ? 'error' : undefined}
            placeholder={t('update.pickForm')}
            value={target || undefined}
            onChange={(f: string) => onChange(setUpdateTarget(doc, form, action, f))}
            options={forms}
            data-testid="action-target-form"
          />
        </Space>
        <Problems messages={problemsAt('/form')} />
      </div>
      {target && (
        <>
          <div>
            <Typography.Text strong>{t('update.which')}</Typography.Text>
            <div>
              <Radio.Group value={which} onChange={(e) => onChange(setWhich(doc, form, action, e.target.value as WhichRecords))} data-testid="update-which">
                <Radio value="ids" data-testid="update-by-ids">{t('update.byIds')}</Radio>
                <Radio value="match" data-testid="update-by-match">{t('update.byMatch')}</Radio>
              </Radio.Group>
            </div>
            {which === 'ids' ? (
              <IdsPicker doc={doc} form={form} target={target} action={action} error={finding.length > 0} onChange={onChange} formLabel={formLabel} />
            ) : (
              <MatchRows doc={doc} form={form} target={target} action={action} problemsAt={problemsAt} onChange={onChange} />
            )}
            <Problems messages={finding} />
          </div>
          <div>
            <Typography.Text strong>{t('update.setTo')}</Typography.Text>
            <Problems messages={problemsAt('/values')} />
            <MappingTable doc={doc} action={action} sourceForm={form} targetForm={target} onChange={onChange} problemsOf={(k) => problemsAt(spotOf('values', k))} current />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('update.exprHint')}
            </Typography.Text>
          </div>
        </>
      )}
    </Space>
  );
}

/**
 * IdsPicker picks the relation field of this form whose linked records are updated. When
 * there is none the admin is told so, and offered matching instead.
 */
function IdsPicker({ doc, form, target, action, error, onChange, formLabel }: { doc: Template; form: string; target: string; action: JsonObject; error: boolean; onChange: (a: JsonObject) => void; formLabel: (key: string) => string }) {
  const { t, i18n } = useTranslation('designerAutomations');
  const ids = typeof action.ids === 'string' ? action.ids : '';
  const fields = formFields(doc, form, i18n.language);
  const links = relationFieldsTo(doc, form, target).map((k) => ({ value: k, label: fields.find((f) => f.key === k)?.label ?? k }));
  // An expression written by hand stays what it is, shown as written.
  const options = ids && !links.some((l) => l.value === ids) ? [...links, { value: ids, label: ids }] : links;
  if (options.length === 0) {
    return (
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} data-testid="update-no-relation">
        {t('update.noRelation', { source: formLabel(form), target: formLabel(target) })}{' '}
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onChange(setWhich(doc, form, action, 'match'))}>
          {t('update.useMatch')}
        </Button>
      </Typography.Paragraph>
    );
  }
  return (
    <Select
      allowClear
      style={{ width: '100%', maxWidth: 360, marginTop: 4 }}
      status={error ? 'error' : undefined}
      placeholder={t('update.pickRelation', { form: formLabel(form) })}
      value={ids || undefined}
      onChange={(v?: string) => onChange(setUpdateIds(action, v ?? ''))}
      options={options}
      data-testid="update-ids"
    />
  );
}

/**
 * MatchRows edits the rows of an updateRecords action's match: a field of the target equals a
 * field of this record, one of its members, or a fixed value. The controls wrap onto lines of
 * their own where the card is narrow (a phone).
 */
function MatchRows({ doc, form, target, action, problemsAt, onChange }: { doc: Template; form: string; target: string; action: JsonObject; problemsAt: (spot: string) => readonly string[]; onChange: (a: JsonObject) => void }) {
  const { t, i18n } = useTranslation('designerAutomations');
  const fields = matchableFields(doc, target, i18n.language);
  const rows = matchRows(action);
  const used = new Set(rows.map((r) => r.field));
  const free = fields.find((f) => !used.has(f.key));
  // The record's own ID is what a relation field of the target holds when it links here.
  const sources = useRecordSources(doc, form).map((s) => (s.value === 'record.id' ? { ...s, label: t('update.thisId') } : s));
  const infoOf = (key: string): FieldInfo => fields.find((f) => f.key === key) ?? { key, label: key, type: '', kind: 'string', options: [] };
  return (
    <div style={{ marginTop: 4 }} data-testid="update-match">
      {rows.map((r) => {
        const messages = problemsAt(spotOf('match', r.field));
        return (
          <div key={r.field} style={{ marginBottom: 8 }} data-testid={`match-row-${r.field}`}>
            <Flex wrap="wrap" gap={8} align="center">
              <Select
                showSearch
                optionFilterProp="label"
                style={{ flex: '1 1 140px', minWidth: 0 }}
                status={messages.length ? 'error' : undefined}
                value={r.field}
                onChange={(field: string) => onChange(setMatchRow(action, r.field, { field, expr: r.expr }))}
                options={fields.map((f) => ({ value: f.key, label: f.label, disabled: f.key !== r.field && used.has(f.key) }))}
                data-testid={`match-field-${r.field}`}
              />
              <Typography.Text>{t('update.equals')}</Typography.Text>
              <div style={{ flex: '2 1 220px', minWidth: 0 }}>
                <ExpressionPicker field={infoOf(r.field)} expr={r.expr} sources={sources} onChange={(expr) => onChange(setMatchRow(action, r.field, { field: r.field, expr }))} testId="match" error={messages.length > 0} />
              </div>
              <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('remove')} onClick={() => onChange(removeMatchRow(action, r.field))} data-testid={`match-remove-${r.field}`} />
            </Flex>
            <Problems messages={messages} />
          </div>
        );
      })}
      <Space wrap>
        <Button size="small" icon={<PlusOutlined />} disabled={!free} onClick={() => free && onChange(addMatchRow(action, free.key))} data-testid="match-add">
          {t('update.addRow')}
        </Button>
        {rows.length > 1 && <Typography.Text type="secondary">{t('update.allRows')}</Typography.Text>}
      </Space>
    </div>
  );
}
