import { DeleteOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JsonObject, Template } from '../form/designer';
import { formChoices, formFields, textOf } from '../query/fields';
import { fixedExpression, fixedText, mappingOf, rowSources, setForEach, setMapping, setOwner, subforms } from './model';
import { fieldType } from '../../../fields/registry';

const META_SOURCES = ['record.id', 'record.owner', 'record.createdBy', 'record.created'];
const CLOCK_SOURCES = [
  { expr: 'NOW()', name: 'now' },
  { expr: 'TODAY()', name: 'today' },
] as const;

/**
 * MappingTable lists the target form's fields beside what each gets from the source record:
 * a source field, a record member, a fixed value, or nothing.
 */
function MappingTable({ doc, action, sourceForm, targetForm, onChange }: { doc: Template; action: JsonObject; sourceForm: string; targetForm: string; onChange: (a: JsonObject) => void }) {
  const { t, i18n } = useTranslation('designerAutomations');
  const targets = formFields(doc, targetForm, i18n.language);
  const sources = formFields(doc, sourceForm, i18n.language);
  const mapping = mappingOf(action);
  const forEach = typeof action.forEach === 'string' ? action.forEach : '';
  const sourceOptions = [
    // One record per row: the row's columns come first, as most values come from them.
    ...(forEach ? rowSources(doc, sourceForm, forEach, i18n.language) : []),
    ...sources.map((f) => ({ value: f.key, label: f.label })),
    ...META_SOURCES.map((m) => ({ value: m, label: t(`meta.${m.slice(7) as 'id'}`) })),
  ];
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={targets}
      data-testid="action-mapping"
      columns={[
        { title: t('mapping.target', { form: formChoices(doc, i18n.language).find((f) => f.value === targetForm)?.label ?? targetForm }), dataIndex: 'label', width: '35%' },
        {
          title: t('mapping.source', { form: formChoices(doc, i18n.language).find((f) => f.value === sourceForm)?.label ?? sourceForm }),
          render: (_, f) => {
            const expr = mapping[f.key] ?? '';
            // A date or time takes the clock too: when the automation runs, or that day.
            const options = fieldType(f.type)?.date !== undefined ? [...sourceOptions, ...CLOCK_SOURCES.map((c) => ({ value: c.expr, label: t(`clock.${c.name}`) }))] : sourceOptions;
            const isField = options.some((o) => o.value === expr);
            const fixed = isField ? '' : fixedText(expr);
            // A field with options takes one of them as its fixed value, by its label; an
            // expression written by hand (=…) keeps the text box.
            const optionValue = f.options.length > 0 && !fixed.startsWith('=') ? fixed : undefined;
            return (
              <Space.Compact style={{ width: '100%' }}>
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  style={{ width: '50%' }}
                  placeholder={t('mapping.pick')}
                  value={isField ? expr : undefined}
                  onChange={(v?: string) => onChange(setMapping(action, f.key, v ?? ''))}
                  options={options}
                  data-testid={`map-source-${f.key}`}
                />
                {optionValue !== undefined ? (
                  <Select
                    allowClear
                    style={{ width: '50%' }}
                    placeholder={t('mapping.fixedOption')}
                    value={optionValue || undefined}
                    onChange={(v?: string) => onChange(setMapping(action, f.key, v ? JSON.stringify(v) : ''))}
                    options={f.options}
                    data-testid={`map-fixed-${f.key}`}
                  />
                ) : (
                  <Input
                    key={expr}
                    style={{ width: '50%' }}
                    placeholder={t('mapping.fixed')}
                    defaultValue={fixed}
                    onBlur={(e) => {
                      const v = e.target.value;
                      if (v === fixed) return;
                      onChange(setMapping(action, f.key, fixedExpression(v)));
                    }}
                    data-testid={`map-fixed-${f.key}`}
                  />
                )}
              </Space.Compact>
            );
          },
        },
      ]}
    />
  );
}

/** OptionalChoice is a labelled choice that may be left empty, its placeholder saying what empty means. */
function OptionalChoice({ label, placeholder, value, onChange, options, testId }: { label: string; placeholder: string; value: unknown; onChange: (v: string) => void; options: { value: string; label: string }[]; testId: string }) {
  return (
    <Space wrap>
      <Typography.Text>{label}</Typography.Text>
      <Select
        allowClear
        style={{ minWidth: 180 }}
        placeholder={placeholder}
        value={typeof value === 'string' && value ? value : undefined}
        onChange={(v?: string) => onChange(v ?? '')}
        options={options}
        data-testid={testId}
      />
    </Space>
  );
}

export interface ActionEditorProps {
  doc: Template;
  form: string;
  action: JsonObject;
  index: number;
  problems: { pointer: string; message: string }[];
  secret?: string;
  onChange: (a: JsonObject) => void;
  onRemove?: () => void;
}

/** ActionEditor edits one action of an automation, by its type. */
export function ActionEditor({ doc, form, action, index, problems, secret, onChange, onRemove }: ActionEditorProps) {
  const { t, i18n } = useTranslation('designerAutomations');
  const type = String(action.type);
  const roles = (Array.isArray(doc.roles) ? doc.roles : []) as JsonObject[];
  return (
    <Card
      size="small"
      title={`${index + 1}. ${t(`actions.${type as 'notify'}`, { defaultValue: type })}`}
      extra={onRemove && <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('remove')} onClick={onRemove} />}
      style={{ marginBottom: 12, borderColor: problems.length ? '#ff4d4f' : undefined }}
      data-testid={`action-${index}`}
    >
      {problems.map((p) => (
        <div key={p.pointer}>
          <Typography.Text type="danger">{p.message}</Typography.Text>
        </div>
      ))}
      {type === 'setFields' && <MappingTable doc={doc} action={action} sourceForm={form} targetForm={form} onChange={onChange} />}
      {type === 'createRecords' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space>
            <Typography.Text>{t('createIn')}</Typography.Text>
            <Select
              style={{ minWidth: 180 }}
              value={String(action.form ?? '') || undefined}
              onChange={(f: string) => onChange({ ...action, form: f, map: {} })}
              options={formChoices(doc, i18n.language)}
              data-testid="action-target-form"
            />
          </Space>
          <OptionalChoice
            label={t('forEach')}
            placeholder={t('forEachNone')}
            value={action.forEach}
            onChange={(sub) => onChange(setForEach(action, sub))}
            options={subforms(doc, form, i18n.language)}
            testId="action-for-each"
          />
          {typeof action.form === 'string' && action.form && (
            <OptionalChoice
              label={t('owner')}
              placeholder={t('ownerSame')}
              value={action.owner}
              onChange={(owner) => onChange(setOwner(action, owner))}
              options={formFields(doc, action.form, i18n.language)
                .filter((f) => fieldType(f.type)?.people === 'members')
                .map((f) => ({ value: f.key, label: f.label }))}
              testId="action-owner"
            />
          )}
          {typeof action.form === 'string' && action.form && <MappingTable doc={doc} action={action} sourceForm={form} targetForm={action.form} onChange={onChange} />}
        </Space>
      )}
      {type === 'webhook' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input addonBefore="URL" key={String(action.url)} defaultValue={String(action.url ?? '')} onBlur={(e) => onChange({ ...action, url: e.target.value.trim() })} data-testid="action-url" />
          {secret && (
            <Typography.Text type="secondary">
              {t('secret')} <Typography.Text code copyable data-testid="webhook-secret">{secret}</Typography.Text>
            </Typography.Text>
          )}
        </Space>
      )}
      {type === 'notify' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            mode="multiple"
            style={{ width: '100%' }}
            placeholder={t('notifyWho')}
            value={(Array.isArray(action.to) ? (action.to as JsonObject[]) : []).map((r) => (r.type === 'role' ? `role:${String(r.role)}` : r.type === 'field' ? `field:${String(r.field)}` : String(r.type)))}
            onChange={(vals: string[]) =>
              onChange({
                ...action,
                to: vals.map((v): JsonObject => (v.startsWith('role:') ? { type: 'role', role: v.slice(5) } : v.startsWith('field:') ? { type: 'field', field: v.slice(6) } : { type: v })),
              })
            }
            options={[
              { value: 'submitter', label: t('who.submitter') },
              { value: 'departmentHead', label: t('who.departmentHead') },
              { value: 'manager', label: t('who.manager') },
              ...roles.map((r) => ({ value: `role:${String(r.key)}`, label: `${t('who.role')}: ${textOf(r.name, i18n.language) || String(r.key)}` })),
              ...formFields(doc, form, i18n.language).filter((f) => fieldType(f.type)?.people === 'members').map((f) => ({ value: `field:${f.key}`, label: `${t('who.field')}: ${f.label}` })),
            ]}
            data-testid="action-notify-to"
          />
          <Input.TextArea
            key={JSON.stringify(action.message)}
            rows={2}
            placeholder={t('message')}
            defaultValue={textOf(action.message, 'zh-CN')}
            onBlur={(e) => onChange({ ...action, message: { ...((action.message as JsonObject) ?? {}), 'zh-CN': e.target.value } })}
            data-testid="action-message"
          />
        </Space>
      )}
    </Card>
  );
}
