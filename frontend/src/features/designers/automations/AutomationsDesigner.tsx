import { PlusOutlined, DeleteOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Dropdown, Empty, Form, Input, InputNumber, List, Modal, Row, Select, Space, Switch, Tag, TimePicker, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../shared/api/ApiContext';
import { useAsync } from '../../../shared/hooks/useAsync';
import { ConditionBuilder } from '../query/ConditionBuilder';
import { fromExpression, toExpression } from '../query/conditions';
import { formChoices, formFields, freeKey } from '../query/fields';
import type { DesignerPartProps } from '../registry';
import { useDraft } from '../store/DraftContext';
import { pointerOf } from '../store/problems';
import { ActionEditor } from './ActionEditor';
import { RunsCard } from './RunsCard';
import { ACTION_TYPES, addAction, addAutomation, automations, defaultAction, EVENTS, NODE_EVENTS, OUTCOMES, removeAction, removeAutomation, renameAutomation, setAction, setDisabled, setTrigger, setWhen, type AutomationModel, type Event, type Outcome } from './model';
import '../../../shared/i18n/pickerLocale';

/**
 * AutomationsDesigner lists an app's automations and edits the chosen one: its trigger, its
 * condition (the condition builder, compiled to a formula-language expression) and its
 * actions; admins see the webhook signing secret and each automation's runs.
 */
export default function AutomationsDesigner({ ws, app }: DesignerPartProps) {
  const { t, i18n } = useTranslation('designerAutomations');
  const draft = useDraft();
  const api = useApi();
  const doc = draft.doc;
  const list = automations(doc);
  const [selected, setSelected] = useState(0);
  const [adding, setAdding] = useState(false);
  const [newForm, setNewForm] = useState<string>();
  const [newName, setNewName] = useState('');
  const current = list[selected] ?? list[0];
  const forms = formChoices(doc, i18n.language);
  const secret = useAsync(() => api.client.get<{ secret: string }>(`/workspaces/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}/webhook-secret`).catch(() => undefined), [api, ws, app]);

  // A problem chosen in the shell (a new selection) opens its automation, in the render that
  // sees it; the list stays the user's choice otherwise.
  const selection = draft.state.selection;
  const [seen, setSeen] = useState<string>();
  if (selection !== seen) {
    setSeen(selection);
    const m = selection ? /^\/automations\/(\d+)/.exec(selection) : null;
    if (m) setSelected(Number(m[1]));
  }

  const add = () => {
    const form = newForm ?? forms[0]?.value;
    if (!form) return;
    const key = freeKey(`automation${list.length + 1}`, list.map((a) => a.key));
    draft.edit((d) => addAutomation(d, key, form, newName), pointerOf('automations', list.length));
    setSelected(list.length);
    setAdding(false);
    setNewName('');
  };

  return (
    <Row gutter={16}>
      <Col xs={24} md={7}>
        <Card size="small" title={t('title')} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="automation-add">{t('add')}</Button>}>
          <List
            size="small"
            dataSource={list}
            locale={{ emptyText: t('none') }}
            renderItem={(a) => (
              <List.Item
                onClick={() => setSelected(a.index)}
                style={{ cursor: 'pointer', background: a.index === current?.index ? '#e6f4ff' : undefined, paddingInline: 8 }}
                data-testid={`automation-item-${a.key}`}
                actions={[<Button key="d" type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('remove')} onClick={(e) => { e.stopPropagation(); draft.edit((d) => removeAutomation(d, a.index)); }} />]}
              >
                <Space direction="vertical" size={0}>
                  <Typography.Text type={draft.problemsAt(pointerOf('automations', a.index)).length ? 'danger' : undefined}>{a.name || a.key}</Typography.Text>
                  <Space size={4}>
                    <Tag>{t(`events.${a.on.event}`)}</Tag>
                    {a.disabled && <Tag color="default">{t('off')}</Tag>}
                  </Space>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} md={17}>
        {current ? <AutomationEditor key={current.index} automation={current} secret={secret.data?.secret} ws={ws} app={app} /> : <Empty description={t('none')} />}
      </Col>
      <Modal open={adding} title={t('add')} onOk={add} onCancel={() => setAdding(false)} okButtonProps={{ disabled: forms.length === 0 }}>
        <Form layout="vertical">
          <Form.Item label={t('form')}>
            <Select value={newForm ?? forms[0]?.value} onChange={setNewForm} options={forms} />
          </Form.Item>
          <Form.Item label={t('name')}>
            <Input value={newName} onChange={(e) => setNewName(e.target.value)} data-testid="automation-new-name" />
          </Form.Item>
        </Form>
      </Modal>
    </Row>
  );
}

function AutomationEditor({ automation: a, secret, ws, app }: { automation: AutomationModel; secret?: string; ws: string; app: string }) {
  const { t, i18n } = useTranslation('designerAutomations');
  const draft = useDraft();
  const doc = draft.doc;
  const at = pointerOf('automations', a.index);
  const problems = draft.problemsAt(at);
  const fields = useMemo(() => formFields(doc, a.form, i18n.language), [doc, a.form, i18n.language]);
  const kindOf = (f: string) => fields.find((x) => x.key === f)?.kind ?? 'string';
  const parsed = useMemo(() => fromExpression(a.on.when ?? ''), [a.on.when]);
  const pipeline = (Array.isArray(doc.pipelines) ? (doc.pipelines as { form?: string; nodes?: { key: string; name?: unknown; type?: string }[] }[]) : []).find((p) => p.form === a.form);
  const nodes = (pipeline?.nodes ?? []).filter((n) => !['parallel', 'join', 'condition'].includes(String(n.type)));
  const problemAt = (p: string) => problems.filter((x) => x.pointer === p || x.pointer.startsWith(`${p}/`));
  const forms = formChoices(doc, i18n.language);
  const other = forms.find((f) => f.value !== a.form)?.value;

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="automation-editor">
      {problems.filter((p) => !/\/actions\/\d+/.test(p.pointer)).map((p) => <Alert key={p.pointer} type="error" showIcon message={p.message} />)}
      <Card size="small" title={t('trigger')}>
        <Form layout="vertical">
          <Row gutter={12}>
            <Col xs={24} sm={14}>
              <Form.Item label={t('name')}>
                <Input key={`n-${draft.state.revision}`} defaultValue={a.name} onBlur={(e) => draft.edit((d) => renameAutomation(d, a.index, e.target.value))} data-testid="automation-name" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={10}>
              <Form.Item label={t('enabled')}>
                <Switch checked={!a.disabled} onChange={(on) => draft.edit((d) => setDisabled(d, a.index, !on))} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text type="secondary">{t('onForm', { form: forms.find((f) => f.value === a.form)?.label ?? a.form })}</Typography.Text>
          <Space wrap style={{ marginTop: 8 }}>
            <Form.Item label={t('event')} validateStatus={problemAt(`${at}/on/event`).length ? 'error' : undefined} help={problemAt(`${at}/on/event`)[0]?.message}>
              <Select<Event>
                style={{ minWidth: 200 }}
                value={a.on.event}
                onChange={(event) => draft.edit((d) => setTrigger(d, a.index, { ...a.on, event }))}
                options={EVENTS.map((e) => ({ value: e, label: t(`events.${e}`), disabled: !pipeline && (NODE_EVENTS.includes(e) || e === 'finished') }))}
                data-testid="automation-event"
              />
            </Form.Item>
            {NODE_EVENTS.includes(a.on.event) && (
              <Form.Item label={t('node')} validateStatus={problemAt(`${at}/on/node`).length ? 'error' : undefined} help={problemAt(`${at}/on/node`)[0]?.message}>
                <Select
                  allowClear
                  style={{ minWidth: 180 }}
                  placeholder={t('anyNode')}
                  value={a.on.node}
                  onChange={(node?: string) => draft.edit((d) => setTrigger(d, a.index, { ...a.on, node }))}
                  options={nodes.map((n) => ({ value: n.key, label: (n.name && typeof n.name === 'object' ? String((n.name as Record<string, string>)[i18n.language.startsWith('en') ? 'en' : 'zh-CN'] ?? '') : '') || n.key }))}
                />
              </Form.Item>
            )}
            {a.on.event === 'finished' && (
              <Form.Item label={t('outcome')} validateStatus={problemAt(`${at}/on/outcome`).length ? 'error' : undefined} help={problemAt(`${at}/on/outcome`)[0]?.message}>
                <Select<Outcome>
                  allowClear
                  style={{ minWidth: 160 }}
                  placeholder={t('anyOutcome')}
                  value={a.on.outcome}
                  onChange={(outcome?: Outcome) => draft.edit((d) => setTrigger(d, a.index, { ...a.on, outcome }))}
                  options={OUTCOMES.map((o) => ({ value: o, label: t(`outcomes.${o}`) }))}
                  data-testid="automation-outcome"
                />
              </Form.Item>
            )}
            {a.on.event === 'schedule' && (
              <>
                <Form.Item label={t('every')} validateStatus={problemAt(`${at}/on/every`).length ? 'error' : undefined} help={problemAt(`${at}/on/every`)[0]?.message}>
                  <Space.Compact>
                    <InputNumber min={1} value={a.on.every?.days ?? a.on.every?.hours ?? 1} onChange={(n) => draft.edit((d) => setTrigger(d, a.index, { ...a.on, every: a.on.every?.hours ? { hours: Number(n) || 1 } : { days: Number(n) || 1 } }))} />
                    <Select
                      value={a.on.every?.hours ? 'hours' : 'days'}
                      onChange={(u: string) => draft.edit((d) => setTrigger(d, a.index, { ...a.on, every: u === 'hours' ? { hours: a.on.every?.days ?? 1 } : { days: a.on.every?.hours ?? 1 } }))}
                      options={[{ value: 'hours', label: t('hours') }, { value: 'days', label: t('days') }]}
                    />
                  </Space.Compact>
                </Form.Item>
                <Form.Item label={t('at')}>
                  <TimePicker format="HH:mm" value={a.on.at ? dayjs(a.on.at, 'HH:mm') : null} onChange={(v) => draft.edit((d) => setTrigger(d, a.index, { ...a.on, at: v ? v.format('HH:mm') : undefined }))} />
                </Form.Item>
              </>
            )}
          </Space>
        </Form>
      </Card>
      <Card size="small" title={t('conditions')}>
        {problemAt(`${at}/on/when`).map((p) => <Alert key={p.pointer} type="error" showIcon message={p.message} style={{ marginBottom: 8 }} />)}
        {parsed ? (
          <ConditionBuilder fields={fields} clock value={parsed} onChange={(g) => draft.edit((d) => setWhen(d, a.index, toExpression(g, kindOf)))} testId="automation-when" />
        ) : (
          <Space direction="vertical">
            <Typography.Text>{t('customWhen')}</Typography.Text>
            <Typography.Text code>{a.on.when}</Typography.Text>
            <Button size="small" onClick={() => draft.edit((d) => setWhen(d, a.index, ''))}>{t('replaceWhen')}</Button>
          </Space>
        )}
      </Card>
      <Card
        size="small"
        title={t('actionsTitle')}
        extra={
          <Dropdown
            menu={{
              items: ACTION_TYPES.map((type) => ({ key: type, label: <span data-testid={`action-add-${type}`}>{t(`actions.${type}`)}</span> })),
              onClick: ({ key }) => draft.edit((d) => addAction(d, a.index, defaultAction(key as (typeof ACTION_TYPES)[number], other))),
            }}
          >
            <Button size="small" icon={<PlusOutlined />} data-testid="action-add">{t('addAction')}</Button>
          </Dropdown>
        }
      >
        {a.actions.map((act, j) => (
          <ActionEditor
            key={j}
            doc={doc}
            form={a.form}
            action={act}
            index={j}
            at={`${at}/actions/${j}`}
            secret={secret}
            problems={problemAt(`${at}/actions/${j}`)}
            onChange={(next) => draft.edit((d) => setAction(d, a.index, j, next))}
            onRemove={a.actions.length > 1 ? () => draft.edit((d) => removeAction(d, a.index, j)) : undefined}
          />
        ))}
      </Card>
      {a.key && <RunsCard ws={ws} app={app} automation={a.key} actionTypes={a.actions.map((x) => String(x.type ?? ''))} />}
    </Space>
  );
}
