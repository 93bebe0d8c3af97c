import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Form, Input, List, Modal, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JsonObject } from '../form/designer';
import { roles as roleList } from '../permissions/model';
import { ConditionBuilder } from '../query/ConditionBuilder';
import { fromFilter, toFilter } from '../query/conditions';
import { formChoices, formFields, freeKey, textOf } from '../query/fields';
import type { DesignerPartProps } from '../registry';
import { useDraft } from '../store/DraftContext';
import { pointerOf } from '../store/problems';
import { addView, kanbanGroups, META_COLUMNS, moveColumn, removeView, renameView, setColumns, setFilter, setLayout, setRoles, setSort, views, type ViewLayout, type ViewModel } from './model';
import { fieldType } from '../../../fields/registry';
import { metaFilterFields } from './metaFilter';

/**
 * ViewsDesigner creates and edits an app's saved views: columns picked and ordered, a filter
 * built with the condition builder, sort keys, table or kanban (by a select field or by the
 * pipeline's stages), and which roles see the view.
 */
export default function ViewsDesigner(_: DesignerPartProps) {
  const { t, i18n } = useTranslation('designerViews');
  const draft = useDraft();
  const doc = draft.doc;
  const list = views(doc);
  const [selected, setSelected] = useState(0);
  const [adding, setAdding] = useState(false);
  const [newForm, setNewForm] = useState<string>();
  const [newName, setNewName] = useState('');
  const view = list[selected] ?? list[0];
  const forms = formChoices(doc, i18n.language);

  // A problem chosen in the shell (a new selection) opens its view, in the render that sees it.
  const selection = draft.state.selection;
  const [seen, setSeen] = useState<string>();
  if (selection !== seen) {
    setSeen(selection);
    const m = selection ? /^\/views\/(\d+)/.exec(selection) : null;
    if (m) setSelected(Number(m[1]));
  }

  const add = () => {
    const form = newForm ?? forms[0]?.value;
    if (!form) return;
    const key = freeKey(`view${list.length + 1}`, list.map((v) => v.key));
    const cols = formFields(doc, form, i18n.language).slice(0, 5).map((f) => f.key);
    draft.edit((d) => addView(d, key, form, { 'zh-CN': newName.trim() || key }, cols), pointerOf('views', list.length));
    setSelected(list.length);
    setAdding(false);
    setNewName('');
  };

  return (
    <Row gutter={16}>
      <Col xs={24} md={7}>
        <Card size="small" title={t('title')} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="view-add">{t('add')}</Button>}>
          <List
            size="small"
            dataSource={list}
            locale={{ emptyText: t('none') }}
            renderItem={(v) => (
              <List.Item
                onClick={() => setSelected(v.index)}
                style={{ cursor: 'pointer', background: v.index === view?.index ? '#e6f4ff' : undefined, paddingInline: 8 }}
                data-testid={`view-item-${v.key}`}
                actions={[<Button key="d" type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('remove')} onClick={(e) => { e.stopPropagation(); draft.edit((d) => removeView(d, v.index)); }} />]}
              >
                <Space>
                  <Typography.Text type={draft.problemsAt(pointerOf('views', v.index)).length ? 'danger' : undefined}>{textOf(v.name, i18n.language) || v.key}</Typography.Text>
                  {v.type === 'kanban' && <Tag color="purple">{t('kanban')}</Tag>}
                  {v.type === 'calendar' && <Tag color="cyan">{t('calendar')}</Tag>}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} md={17}>{view ? <ViewEditor key={view.index} view={view} /> : <Empty description={t('none')} />}</Col>
      <Modal open={adding} title={t('add')} onOk={add} onCancel={() => setAdding(false)} okButtonProps={{ disabled: forms.length === 0 }}>
        <Form layout="vertical">
          <Form.Item label={t('form')}>
            <Select value={newForm ?? forms[0]?.value} onChange={setNewForm} options={forms} data-testid="view-new-form" />
          </Form.Item>
          <Form.Item label={t('nameZh')}>
            <Input value={newName} onChange={(e) => setNewName(e.target.value)} data-testid="view-new-name" />
          </Form.Item>
        </Form>
      </Modal>
    </Row>
  );
}

function ViewEditor({ view }: { view: ViewModel }) {
  const { t, i18n } = useTranslation('designerViews');
  const draft = useDraft();
  const doc = draft.doc;
  const fields = useMemo(() => formFields(doc, view.form, i18n.language), [doc, view.form, i18n.language]);
  // The filter may also test the flow's status and stage and the record's times.
  const filterFields = useMemo(
    () => [...fields, ...metaFilterFields(doc, view.form, (m) => t(`meta.${m as (typeof META_COLUMNS)[number]}`), (s) => i18n.t(`run.status.${s}`, { ns: 'flow', defaultValue: s }))],
    [fields, doc, view.form, t, i18n],
  );
  const kindOf = (f: string) => filterFields.find((x) => x.key === f)?.kind ?? 'string';
  const group = useMemo(() => fromFilter(view.filter), [view.filter]);
  const at = pointerOf('views', view.index);
  const problems = draft.problemsAt(at);
  const colLabel = (c: string) => (c.startsWith('_') ? t(`meta.${c as (typeof META_COLUMNS)[number]}`) : fields.find((f) => f.key === c)?.label ?? c);
  const columnChoices = [...fields.map((f) => ({ value: f.key, label: f.label })), ...META_COLUMNS.map((c) => ({ value: c, label: colLabel(c) }))];
  const selects = fields.filter((f) => fieldType(f.type)?.oneOption).map((f) => f.key);
  const groups = kanbanGroups(doc, view.form, selects);
  // A calendar's days come from a date or datetime field.
  const dates = fields.filter((f) => fieldType(f.type)?.date).map((f) => f.key);
  const problemAt = (p: string) => problems.filter((x) => x.pointer === p || x.pointer.startsWith(`${p}/`));
  const edit = (fn: Parameters<typeof draft.edit>[0]) => draft.edit(fn);

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="view-editor">
      {problems
        .filter((p) => !/\/(columns|sort)\//.test(p.pointer))
        .map((p) => (
          <Alert key={p.pointer} type="error" showIcon message={p.message} />
        ))}
      <Card size="small" title={t('basics')}>
        <Form layout="vertical">
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item label={t('nameZh')}>
                <Input key={`zh-${draft.state.revision}`} defaultValue={textOf(view.name['zh-CN'] ?? '', 'zh-CN')} onBlur={(e) => edit((d) => renameView(d, view.index, e.target.value, String(view.name.en ?? '')))} data-testid="view-name-zh" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label={t('nameEn')}>
                <Input key={`en-${draft.state.revision}`} defaultValue={String(view.name.en ?? '')} onBlur={(e) => edit((d) => renameView(d, view.index, String(view.name['zh-CN'] ?? ''), e.target.value))} data-testid="view-name-en" />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap>
            <Form.Item label={t('layout')}>
              <Radio.Group
                optionType="button"
                value={view.type}
                onChange={(e) => {
                  const type = e.target.value as ViewLayout;
                  edit((d) => setLayout(d, view.index, type, type === 'kanban' ? groups[0] : type === 'calendar' ? dates[0] : undefined));
                }}
                options={[
                  { value: 'table', label: t('table') },
                  { value: 'kanban', label: t('kanban') },
                  { value: 'calendar', label: t('calendar'), disabled: dates.length === 0 && view.type !== 'calendar' },
                ]}
                data-testid="view-layout"
              />
            </Form.Item>
            {view.type === 'calendar' ? (
              <Form.Item label={t('calendarBy')} extra={t('calendarHint')} validateStatus={problemAt(`${at}/date`).length ? 'error' : undefined} help={problemAt(`${at}/date`)[0]?.message}>
                <Select
                  style={{ minWidth: 200 }}
                  value={view.date}
                  onChange={(f: string) => edit((d) => setLayout(d, view.index, 'calendar', f))}
                  options={dates.map((f) => ({ value: f, label: colLabel(f) }))}
                  data-testid="view-date"
                />
              </Form.Item>
            ) : (
              <Form.Item label={view.type === 'kanban' ? t('kanbanBy') : t('groupBy')} validateStatus={problemAt(`${at}/groupBy`).length ? 'error' : undefined} help={problemAt(`${at}/groupBy`)[0]?.message}>
                <Select
                  style={{ minWidth: 200 }}
                  allowClear={view.type !== 'kanban'}
                  value={view.groupBy}
                  onChange={(g?: string) => edit((d) => setLayout(d, view.index, view.type, g))}
                  options={(view.type === 'kanban' ? groups : fields.filter((f) => f.kind !== 'list').map((f) => f.key)).map((g) => ({ value: g, label: g === '_stage' ? t('stages') : colLabel(g) }))}
                  data-testid="view-group"
                />
              </Form.Item>
            )}
          </Space>
          <Form.Item label={t('roles')} extra={t('rolesHint')}>
            <Select
              mode="multiple"
              value={view.roles}
              onChange={(r: string[]) => edit((d) => setRoles(d, view.index, r))}
              options={roleList(doc).map((r) => ({ value: r.key, label: (i18n.language.startsWith('en') ? r.name.en || r.name.zh : r.name.zh) || r.key }))}
              data-testid="view-roles"
            />
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" title={t('columns')}>
        <Select
          mode="multiple"
          style={{ width: '100%', marginBottom: 8 }}
          value={view.columns}
          onChange={(c: string[]) => edit((d) => setColumns(d, view.index, c))}
          options={columnChoices}
          optionFilterProp="label"
          data-testid="view-columns"
        />
        <List
          size="small"
          dataSource={view.columns}
          renderItem={(c, i) => (
            <List.Item
              actions={[
                <Button key="u" size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} aria-label={t('up')} onClick={() => edit((d) => moveColumn(d, view.index, i, i - 1))} />,
                <Button key="d" size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === view.columns.length - 1} aria-label={t('down')} onClick={() => edit((d) => moveColumn(d, view.index, i, i + 1))} />,
              ]}
            >
              <Space direction="vertical" size={0}>
                <span>{colLabel(c)}</span>
                {problemAt(`${at}/columns/${i}`).map((p) => <Typography.Text key={p.pointer} type="danger">{p.message}</Typography.Text>)}
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('filter')}>
        <ConditionBuilder fields={filterFields} params value={group} onChange={(g) => edit((d) => setFilter(d, view.index, toFilter(g, kindOf) as JsonObject | undefined))} testId="view-filter" />
      </Card>
      <Card size="small" title={t('sort')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {view.sort.map((s, i) => (
            <Space key={`${s.field}-${i}`} wrap>
              <Select
                style={{ minWidth: 200 }}
                value={s.field}
                onChange={(f: string) => edit((d) => setSort(d, view.index, view.sort.map((x, j) => (j === i ? { ...x, field: f } : x))))}
                options={columnChoices.filter((c) => !['_stage', '_overdue'].includes(c.value))}
              />
              <Radio.Group
                optionType="button"
                size="small"
                value={s.desc ? 'desc' : 'asc'}
                onChange={(e) => edit((d) => setSort(d, view.index, view.sort.map((x, j) => (j === i ? { ...x, desc: e.target.value === 'desc' } : x))))}
                options={[{ value: 'asc', label: t('asc') }, { value: 'desc', label: t('desc') }]}
              />
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('remove')} onClick={() => edit((d) => setSort(d, view.index, view.sort.filter((_, j) => j !== i)))} />
              {problemAt(`${at}/sort/${i}`).map((p) => <Typography.Text key={p.pointer} type="danger">{p.message}</Typography.Text>)}
            </Space>
          ))}
          {view.sort.length < 4 && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => edit((d) => setSort(d, view.index, [...view.sort, { field: '_created', desc: true }]))} data-testid="view-sort-add">
              {t('addSort')}
            </Button>
          )}
        </Space>
      </Card>
    </Space>
  );
}
