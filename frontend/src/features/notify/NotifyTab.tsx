import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Alert, Button, Card, Checkbox, Form, Input, InputNumber, Select, Skeleton, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import { isApiError } from '../../shared/api/errors';
import { errorMessage } from '../../shared/lib/apiErrors';
import { mapFieldErrors, type NamePath } from '../forms/formErrors';
import { useAsync } from '../../shared/hooks/useAsync';
import { EVENT_KINDS, PICKS, hasPick, settingsInput, togglePick, type ChannelSettings, type DeliveryInfo, type Prefs } from './model';

const base = (ws: string) => `/workspaces/${encodeURIComponent(ws)}/notify`;

/** NotifyTab is the workspace's "Notifications" tab: the member's own choices, and for owners and admins the channels. */
export function NotifyTab({ ws, canManage }: { ws: string; canManage: boolean }) {
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <MyPrefs ws={ws} />
      {canManage && <Channels ws={ws} />}
    </Space>
  );
}

function MyPrefs({ ws }: { ws: string }) {
  const { t } = useTranslation('notify');
  const api = useApi();
  const { message } = App.useApp();
  const loaded = useAsync(() => api.client.get<Prefs>(`${base(ws)}/preferences`), [api, ws]);
  const [prefs, setPrefs] = useState<Prefs>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  // Newly loaded preferences replace the ones being edited.
  const [shown, setShown] = useState(loaded.data);
  if (loaded.data !== shown) {
    setShown(loaded.data);
    setPrefs(loaded.data);
  }

  if (loaded.error) return <Alert type="error" showIcon message={t('loadFailed')} description={errorMessage(loaded.error)} />;
  if (!prefs) return <Skeleton active />;

  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      setPrefs(await api.client.put<Prefs>(`${base(ws)}/preferences`, prefs));
      message.success(t('saved'));
    } catch (err) {
      if (isApiError(err) && err.fields) setErrors(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, v.message])));
      else message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const quiet = prefs.quietHours ?? null;
  return (
    <Card title={t('mine')} size="small" data-testid="notify-prefs">
      <Typography.Paragraph type="secondary">{t('mineHelp')}</Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey="kind"
        dataSource={EVENT_KINDS.map((kind) => ({ kind }))}
        columns={[
          { title: t('event'), dataIndex: 'kind', render: (k: (typeof EVENT_KINDS)[number]) => t(`kinds.${k}`) },
          ...PICKS.map((pick) => ({
            title: t(`picks.${pick}`),
            key: pick,
            width: 120,
            render: (_: unknown, row: { kind: (typeof EVENT_KINDS)[number] }) => (
              <Checkbox
                aria-label={`${t(`kinds.${row.kind}`)} · ${t(`picks.${pick}`)}`}
                checked={hasPick(prefs, row.kind, pick)}
                onChange={(e) => setPrefs(togglePick(prefs, row.kind, pick, e.target.checked))}
              />
            ),
          })),
        ]}
      />
      <Space wrap size={16} style={{ marginTop: 16 }} align="center">
        <Space size={8} align="center">
          <Switch checked={quiet !== null} onChange={(on) => setPrefs({ ...prefs, quietHours: on ? { from: '22:00', to: '08:00' } : null })} aria-label={t('quiet')} />
          <span>{t('quiet')}</span>
        </Space>
        {quiet && (
          <Space size={4} align="center">
            <Input type="time" aria-label={t('quietFrom')} value={quiet.from} status={errors['/quietHours/from'] ? 'error' : undefined} onChange={(e) => setPrefs({ ...prefs, quietHours: { ...quiet, from: e.target.value } })} style={{ width: 120 }} />
            <span>–</span>
            <Input type="time" aria-label={t('quietTo')} value={quiet.to} status={errors['/quietHours/to'] ? 'error' : undefined} onChange={(e) => setPrefs({ ...prefs, quietHours: { ...quiet, to: e.target.value } })} style={{ width: 120 }} />
          </Space>
        )}
        <Select
          aria-label={t('lang')}
          value={prefs.lang}
          onChange={(lang: Prefs['lang']) => setPrefs({ ...prefs, lang })}
          options={[
            { value: 'zh-CN', label: '中文' },
            { value: 'en', label: 'English' },
          ]}
          style={{ width: 120 }}
        />
      </Space>
      <div style={{ marginTop: 12 }}>
        <Checkbox checked={prefs.digest} onChange={(e) => setPrefs({ ...prefs, digest: e.target.checked })}>
          {t('digest')}
        </Checkbox>
      </div>
      {Object.values(errors).length > 0 && <Alert style={{ marginTop: 12 }} type="error" showIcon message={Object.values(errors).join(' ')} />}
      <Button type="primary" style={{ marginTop: 12 }} loading={saving} onClick={() => void save()} data-testid="notify-prefs-save">
        {t('save')}
      </Button>
    </Card>
  );
}

const SETTINGS_FIELDS: NamePath[] = [
  ['smtp', 'host'],
  ['smtp', 'port'],
  ['smtp', 'security'],
  ['smtp', 'user'],
  ['smtp', 'password'],
  ['smtp', 'from'],
];

function Channels({ ws }: { ws: string }) {
  const { t } = useTranslation('notify');
  const api = useApi();
  const { message } = App.useApp();
  // Untyped: field errors arrive as name paths computed from the server's pointers.
  const [form] = Form.useForm();
  const loaded = useAsync(() => api.client.get<ChannelSettings>(`${base(ws)}/settings`), [api, ws]);
  const deliveries = useAsync(() => api.client.get<{ items: DeliveryInfo[] }>(`${base(ws)}/deliveries`), [api, ws]);
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    if (loaded.data) form.setFieldsValue({ smtp: loaded.data.smtp ?? { host: '', port: 587, security: 'starttls', from: '' }, robots: loaded.data.robots });
  }, [loaded.data, form]);

  if (loaded.error) return <Alert type="error" showIcon message={t('loadFailed')} description={errorMessage(loaded.error)} />;
  if (!loaded.data) return <Skeleton active />;

  const showErrors = (err: unknown) => {
    if (isApiError(err) && err.fields) {
      const robots = (form.getFieldValue('robots') as unknown[] | undefined) ?? [];
      const known = [...SETTINGS_FIELDS, ...robots.flatMap((_, i) => ['name', 'vendor', 'url', 'secret'].map((f) => ['robots', i, f]))];
      const mapped = mapFieldErrors(err.fields, known);
      form.setFields(mapped.fields);
      setProblem(mapped.unmatched.join(' '));
    } else {
      setProblem(errorMessage(err));
    }
  };

  const save = async () => {
    setSaving(true);
    setProblem('');
    try {
      const saved = await api.client.put<ChannelSettings>(`${base(ws)}/settings`, settingsInput(form.getFieldsValue(true) as ChannelSettings));
      form.setFieldsValue({ smtp: saved.smtp ?? { host: '', port: 587, security: 'starttls', from: '' }, robots: saved.robots });
      message.success(t('saved'));
      return true;
    } catch (err) {
      showErrors(err);
      return false;
    } finally {
      setSaving(false);
    }
  };

  const test = async () => {
    if (!(await save())) return;
    setTesting(true);
    try {
      await api.client.post(`${base(ws)}/settings/test`, {});
      message.success(t('testSent'));
    } catch (err) {
      showErrors(err);
    } finally {
      setTesting(false);
      deliveries.reload();
    }
  };

  return (
    <Card title={t('channels')} size="small" data-testid="notify-channels">
      <Typography.Paragraph type="secondary">{t('channelsHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false}>
        <Typography.Title level={5}>{t('smtp')}</Typography.Title>
        <Space wrap size={12} align="start">
          <Form.Item name={['smtp', 'host']} label={t('host')}>
            <Input placeholder="smtp.exmail.qq.com" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name={['smtp', 'port']} label={t('port')}>
            <InputNumber min={1} max={65535} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name={['smtp', 'security']} label={t('security')}>
            <Select style={{ width: 220 }} options={(['starttls', 'tls', 'none'] as const).map((v) => ({ value: v, label: t(`securities.${v}`) }))} />
          </Form.Item>
        </Space>
        <Space wrap size={12} align="start">
          <Form.Item name={['smtp', 'user']} label={t('user')}>
            <Input autoComplete="off" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name={['smtp', 'password']} label={t('password')}>
            <Input.Password autoComplete="new-password" placeholder={loaded.data.smtp?.hasPassword ? t('passwordKept') : ''} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name={['smtp', 'from']} label={t('from')}>
            <Input placeholder="Formloom <noreply@example.com>" style={{ width: 280 }} />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{t('robots')}</Typography.Title>
        <Form.List name="robots">
          {(items, { add, remove }) => (
            <>
              {items.map((it) => (
                <Space key={it.key} wrap size={8} align="start">
                  <Form.Item name={[it.name, 'name']} label={t('robotName')}>
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[it.name, 'vendor']} label={t('vendor')}>
                    <Select style={{ width: 120 }} options={(['dingtalk', 'wecom', 'feishu'] as const).map((v) => ({ value: v, label: t(`vendors.${v}`) }))} />
                  </Form.Item>
                  <Form.Item name={[it.name, 'url']} label={t('url')}>
                    <Input style={{ width: 300 }} placeholder="https://oapi.dingtalk.com/robot/send?access_token=…" />
                  </Form.Item>
                  <Form.Item name={[it.name, 'secret']} label={t('secret')}>
                    <Input.Password autoComplete="new-password" style={{ width: 180 }} placeholder={(form.getFieldValue(['robots', it.name, 'hasSecret']) as boolean | undefined) ? t('secretKept') : ''} />
                  </Form.Item>
                  <Form.Item label=" ">
                    <Button icon={<DeleteOutlined />} onClick={() => remove(it.name)} aria-label={t('removeRobot')} />
                  </Form.Item>
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ name: '', vendor: 'dingtalk', url: '' })}>
                {t('addRobot')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
      {problem && <Alert style={{ marginTop: 12 }} type="error" showIcon message={problem} />}
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="notify-channels-save">
          {t('save')}
        </Button>
        <Button loading={testing} onClick={() => void test()} data-testid="notify-test">
          {t('test')}
        </Button>
      </Space>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('deliveries')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: true }}
        dataSource={deliveries.data?.items ?? []}
        columns={[
          { title: t('channel'), dataIndex: 'channel' },
          { title: t('title'), dataIndex: 'title' },
          { title: t('attempts'), dataIndex: 'attempts', width: 90 },
          {
            title: t('error'),
            key: 'status',
            render: (_: unknown, d: DeliveryInfo) => (
              <Space direction="vertical" size={0}>
                <Tag color={d.status === 'sent' ? 'green' : d.status === 'failed' ? 'red' : 'orange'}>{t(`statuses.${d.status}`)}</Tag>
                {d.error && <Typography.Text type="secondary">{d.error}</Typography.Text>}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
