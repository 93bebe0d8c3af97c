import { DeleteOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JsonObject, Template } from '../form/designer';
import { formChoices, formFields, textOf } from '../query/fields';
import { MappingTable, Problems } from './MappingTable';
import { actionSpots, setForEach, setOwner, spotOf, spotProblems, subforms, type ActionProblem } from './model';
import { UpdateRecordsEditor } from './UpdateRecordsEditor';
import { fieldType } from '../../../fields/registry';

/** OptionalChoice is a labelled choice that may be left empty, its placeholder saying what empty means. */
function OptionalChoice({ label, placeholder, value, onChange, options, testId, problems }: { label: string; placeholder: string; value: unknown; onChange: (v: string) => void; options: { value: string; label: string }[]; testId: string; problems: readonly string[] }) {
  return (
    <div>
      <Space wrap>
        <Typography.Text>{label}</Typography.Text>
        <Select
          allowClear
          style={{ minWidth: 180 }}
          status={problems.length ? 'error' : undefined}
          placeholder={placeholder}
          value={typeof value === 'string' && value ? value : undefined}
          onChange={(v?: string) => onChange(v ?? '')}
          options={options}
          data-testid={testId}
        />
      </Space>
      <Problems messages={problems} />
    </div>
  );
}

export interface ActionEditorProps {
  doc: Template;
  form: string;
  action: JsonObject;
  index: number;
  /** The action's JSON pointer in the template, so that its problems show at their controls; without it they head the card. */
  at?: string;
  problems: ActionProblem[];
  secret?: string;
  onChange: (a: JsonObject) => void;
  onRemove?: () => void;
}

/** ActionEditor edits one action of an automation, by its type. */
export function ActionEditor({ doc, form, action, index, at, problems, secret, onChange, onRemove }: ActionEditorProps) {
  const { t, i18n } = useTranslation('designerAutomations');
  const type = String(action.type);
  const roles = (Array.isArray(doc.roles) ? doc.roles : []) as JsonObject[];
  // Each problem shows at the control it names; those on nothing drawn head the card.
  const spotted = at === undefined ? { at: new Map<string, string[]>(), rest: problems } : spotProblems(problems, at, actionSpots(doc, form, action));
  const problemsAt = (spot: string): readonly string[] => spotted.at.get(spot) ?? [];
  return (
    <Card
      size="small"
      title={`${index + 1}. ${t(`actions.${type as 'notify'}`, { defaultValue: type })}`}
      extra={onRemove && <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('remove')} onClick={onRemove} />}
      style={{ marginBottom: 12, borderColor: problems.length ? '#ff4d4f' : undefined }}
      data-testid={`action-${index}`}
    >
      {spotted.rest.map((p) => (
        <div key={p.pointer}>
          <Typography.Text type="danger">{p.message}</Typography.Text>
        </div>
      ))}
      {type === 'setFields' && <MappingTable doc={doc} action={action} sourceForm={form} targetForm={form} onChange={onChange} problemsOf={(k) => problemsAt(spotOf('values', k))} />}
      {type === 'createRecords' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <div>
            <Space wrap>
              <Typography.Text>{t('createIn')}</Typography.Text>
              <Select
                style={{ minWidth: 180 }}
                status={problemsAt('/form').length ? 'error' : undefined}
                value={String(action.form ?? '') || undefined}
                onChange={(f: string) => onChange({ ...action, form: f, map: {} })}
                options={formChoices(doc, i18n.language)}
                data-testid="action-target-form"
              />
            </Space>
            <Problems messages={problemsAt('/form')} />
          </div>
          <OptionalChoice
            label={t('forEach')}
            placeholder={t('forEachNone')}
            value={action.forEach}
            onChange={(sub) => onChange(setForEach(action, sub))}
            options={subforms(doc, form, i18n.language)}
            testId="action-for-each"
            problems={problemsAt('/forEach')}
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
              problems={problemsAt('/owner')}
            />
          )}
          {typeof action.form === 'string' && action.form && <MappingTable doc={doc} action={action} sourceForm={form} targetForm={action.form} onChange={onChange} problemsOf={(k) => problemsAt(spotOf('map', k))} />}
        </Space>
      )}
      {type === 'updateRecords' && <UpdateRecordsEditor doc={doc} form={form} action={action} problemsAt={problemsAt} onChange={onChange} />}
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
