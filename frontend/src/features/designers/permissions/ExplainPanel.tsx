import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { Alert, Button, Descriptions, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../shared/api/ApiContext';
import { errorMessage } from '../../../shared/lib/apiErrors';
import { useAsync } from '../../../shared/hooks/useAsync';
import type { Template } from '../form/designer';
import { formChoices, formFields, textOf } from '../query/fields';
import { explain, type ExplainAnswer } from './api';

/**
 * ExplainPanel asks the server "can this member do this with this form (this record, this
 * field), and why", so the admin checks the matrix on a real person. It answers from the
 * published version, with the same decisions the records API makes.
 */
export function ExplainPanel({ ws, app, doc }: { ws: string; app: string; doc: Template }) {
  const { t, i18n } = useTranslation('designerPermissions');
  const api = useApi();
  const members = useAsync(() => api.members(ws), [api, ws]);
  const forms = formChoices(doc, i18n.language);
  const [member, setMember] = useState<string>();
  const [form, setForm] = useState<string | undefined>(forms[0]?.value);
  const [field, setField] = useState<string>();
  const [record, setRecord] = useState('');
  const [answer, setAnswer] = useState<ExplainAnswer>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const fields = form ? formFields(doc, form, i18n.language) : [];
  const roleName = (key: string) => textOf((doc.roles as { key: string; name: unknown }[] | undefined)?.find((r) => r.key === key)?.name, i18n.language) || key;

  const ask = async () => {
    if (!member || !form) return;
    setBusy(true);
    setError('');
    try {
      setAnswer(await explain(api, ws, app, { member, form, field, record: record.trim() || undefined }));
    } catch (err) {
      setAnswer(undefined);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="explain">
      <Typography.Text type="secondary">{t('explain.hint')}</Typography.Text>
      <Form layout="vertical">
        <Form.Item label={t('explain.member')}>
          <Select
            showSearch
            optionFilterProp="label"
            value={member}
            onChange={setMember}
            data-testid="explain-member"
            options={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name ? `${m.name} (${m.email})` : m.email }))}
          />
        </Form.Item>
        <Space wrap style={{ width: '100%' }}>
          <Form.Item label={t('explain.form')}>
            <Select style={{ minWidth: 160 }} value={form} onChange={(v) => { setForm(v); setField(undefined); }} options={forms} />
          </Form.Item>
          <Form.Item label={t('explain.field')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 180 }}
              value={field}
              onChange={setField}
              data-testid="explain-field"
              options={fields.map((f) => ({ value: f.key, label: f.label }))}
            />
          </Form.Item>
          <Form.Item label={t('explain.record')}>
            <Input value={record} onChange={(e) => setRecord(e.target.value)} placeholder={t('explain.recordHint')} />
          </Form.Item>
        </Space>
        <Button type="primary" onClick={() => void ask()} loading={busy} disabled={!member || !form} data-testid="explain-ask">
          {t('explain.ask')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
      {answer && (
        <Descriptions bordered size="small" column={1} data-testid="explain-answer">
          <Descriptions.Item label={t('explain.roles')}>
            {answer.roles.length === 0 ? t('explain.noRoles') : answer.roles.map((r) => (
              <Tag key={`${r.role}-${r.via}-${r.department ?? ''}`}>
                {roleName(r.role)} · {t(`explain.via.${r.via}`, { defaultValue: r.via })}
              </Tag>
            ))}
          </Descriptions.Item>
          {answer.actions.map((a) => (
            <Descriptions.Item key={a.action} label={t(`actions.${a.action}`, { defaultValue: a.action })}>
              <Space>
                {a.allowed ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />}
                <span data-testid={`explain-action-${a.action}`}>{a.reason}</span>
              </Space>
            </Descriptions.Item>
          ))}
          {answer.field && (
            <Descriptions.Item label={fields.find((f) => f.key === answer.field!.key)?.label ?? answer.field.key}>
              <Space data-testid="explain-field-answer">
                <Tag color={answer.field.access === 'hidden' ? 'red' : answer.field.access === 'read' ? 'blue' : 'green'}>
                  {t(`field.${answer.field.access}`, { defaultValue: answer.field.access })}
                </Tag>
                {answer.field.reason}
              </Space>
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Space>
  );
}
