import { CheckOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Grid, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import type { AppRuntime, InboxBox, InboxItem } from '../../shared/api/types';
import { SchemaForm, type SchemaFormHandle } from '../forms/SchemaForm';
import { inboxTitle, planBulk, shortDateTime, stepName, timeLabel, timeOf } from './model';
import { InboxCards, type CardText } from './InboxCards';
import './inbox.css';
import { LoadError } from '../../shared/components/LoadError';
import { errorMessage } from '../../shared/lib/apiErrors';
import { bulkOutcome, type BulkFailure } from '../records/bulk';
import { useDateTime } from '../records/useDateTime';
import { localized } from '../../shared/lib/localized';
import { fieldType } from '../../fields/registry';
import { fieldLabels, toRjsf } from '../forms/schemaForm';
import { useAsync } from '../../shared/hooks/useAsync';
import { announceWork, useLiveTick } from '../../shared/hooks/useLiveTick';
import { recordPath, usePeople } from '../../shared/hooks/useWorkspaceData';

const BOXES: readonly InboxBox[] = ['todo', 'done', 'cc', 'mine'];

/** InboxPage is a workspace's to-do list: open tasks, what I acted on, copies to me, what I started. */
export default function InboxPage() {
  const { t, i18n } = useTranslation();
  const { t: ti } = useTranslation('inbox');
  const { ws = '', box } = useParams();
  const api = useApi();
  const navigate = useNavigate();
  // The app the list is narrowed to stays in the address, across the boxes.
  const [search, setSearch] = useSearchParams();
  const app = search.get('app') ?? '';
  const setApp = (id: string) => setSearch(id ? { app: id } : {}, { replace: true });
  const counts = useAsync(() => api.inboxCounts(ws), [api, ws]);
  if (box !== undefined && !(BOXES as readonly string[]).includes(box)) {
    return <Navigate to={`/w/${encodeURIComponent(ws)}/inbox`} replace />;
  }
  const active = (box as InboxBox | undefined) ?? 'todo';
  const c = counts.data;

  return (
    <div className="fl-page">
      <div className="fl-page-head">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {ti('title')}
        </Typography.Title>
      </div>
      <div className="fl-panel">
        <Tabs
          key={i18n.language}
          activeKey={active}
          onChange={(key) => navigate(`/w/${encodeURIComponent(ws)}/inbox/${key}${app ? `?app=${encodeURIComponent(app)}` : ''}`)}
          items={BOXES.map((key) => ({
            key,
            label: (
              <Space size={6} data-testid={`inbox-tab-${key}`}>
                {ti(`tabs.${key}`)}
                {c && c[key] > 0 && <Badge count={c[key]} color={key === 'todo' ? '#1677ff' : '#8c8c8c'} overflowCount={999} />}
                {key === 'todo' && c && c.overdue > 0 && (
                  <Tag color="red" bordered={false} style={{ marginInlineEnd: 0 }}>
                    {t('overdue', { ns: 'records' })} {c.overdue}
                  </Tag>
                )}
              </Space>
            ),
            // A list per app: what was selected or paged in one app is not carried to another.
            children: key === active ? <InboxList key={app} ws={ws} box={key} app={app} onAppChange={setApp} onLoaded={counts.reload} /> : null,
          }))}
        />
      </div>
    </div>
  );
}

interface InboxListProps {
  ws: string;
  box: InboxBox;
  /** The app the list is narrowed to; '' for every app. */
  app: string;
  onAppChange: (app: string) => void;
  onLoaded: () => void;
}

function InboxList({ ws, box, app, onAppChange, onLoaded }: InboxListProps) {
  const { t, i18n } = useTranslation();
  const { t: ti } = useTranslation('inbox');
  const { t: tu } = useTranslation('enduser');
  const api = useApi();
  const people = usePeople(ws);
  const dateTime = useDateTime();
  const phone = Grid.useBreakpoint().md === false;
  const apps = useAsync(() => api.apps(ws), [api, ws]);
  const [more, setMore] = useState<InboxItem[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  // While the page is open the first page and the apps' counts are asked again (others'
  // actions bring new to-dos), but not while the member works on the list: items selected
  // for bulk approval, or later pages loaded.
  const live = useLiveTick();
  const [listTick, setListTick] = useState(live);
  if (live !== listTick && selected.length === 0 && more.length === 0) setListTick(live);
  // The apps this box holds items of, over the whole box: the choices for narrowing it.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the tick asks again, see above
  const boxApps = useAsync(() => api.inboxApps(ws, box, app || undefined), [api, ws, box, app, listTick]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the tick asks again, see above
  const first = useAsync(() => api.inbox(ws, box, undefined, app || undefined), [api, ws, box, app, listTick]);
  const [next, setNext] = useState('');
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState('');
  const { message } = App.useApp();
  const [bulkOpen, setBulkOpen] = useState(false);
  const [bulkComment, setBulkComment] = useState('');
  const [bulkSaving, setBulkSaving] = useState(false);
  const [bulkError, setBulkError] = useState('');
  const [failures, setFailures] = useState<BulkFailure<InboxItem>[]>([]);

  // A new first page drops the pages loaded after the old one, in the render that shows it.
  const [pagedFrom, setPagedFrom] = useState<typeof first.data>();
  if (first.data !== pagedFrom) {
    setPagedFrom(first.data);
    setMore([]);
    setNext(first.data?.next ?? '');
  }

  useEffect(() => {
    if (first.data) onLoaded();
    // Counts follow each (re)load of the first page.
  }, [first.data, onLoaded]);

  const loadMore = async () => {
    setLoadingMore(true);
    setMoreError('');
    try {
      const page = await api.inbox(ws, box, next, app || undefined);
      setMore((m) => [...m, ...(page.items ?? [])]);
      setNext(page.next ?? '');
    } catch (err) {
      setMoreError(errorMessage(err));
    } finally {
      setLoadingMore(false);
    }
  };

  const rows = useMemo(() => [...(first.data?.items ?? []), ...more], [first.data, more]);
  // Only apps the member holds a role in have a runtime for her; asking for another's is a 404.
  const appIds = useMemo(
    () =>
      [...new Set(rows.map((r) => r.app))]
        .filter((id) => apps.data?.some((a) => a.id === id))
        .sort()
        .join(','),
    [rows, apps.data],
  );
  // The apps as this member may use them (forms cut to their field rules): titles, labels, step fields.
  const runtimes = useAsync(async () => {
    const out = new Map<string, AppRuntime>();
    await Promise.all(
      appIds
        .split(',')
        .filter(Boolean)
        .map(async (id) => {
          try {
            out.set(id, await api.appRuntime(ws, id));
          } catch {
            // An app the member holds no grant in: its items show the app's name only.
          }
        }),
    );
    return out;
  }, [api, ws, appIds]);
  const formOf = (it: InboxItem) => runtimes.data?.get(it.app)?.forms.find((f) => f.key === it.form);
  const pipelineOf = (it: Pick<InboxItem, 'app' | 'form'>) => runtimes.data?.get(it.app)?.pipelines?.find((p) => p.form === it.form);
  const selectedItems = rows.filter((it) => selected.includes(it.id));
  // A file or a signature belongs to one record: bulk approval cannot give it to several.
  const plan = planBulk(selectedItems, pipelineOf, (it, key) => fieldType(formOf(it)?.schema.properties?.[key]?.['x-formloom']?.type)?.files === true);
  const planForm = plan.step && selectedItems[0] ? formOf(selectedItems[0]) : undefined;
  const bulkFields = useMemo(
    () =>
      planForm && plan.fields.length > 0
        ? toRjsf(planForm, {
            language: i18n.language,
            members: people.members,
            departments: people.departments,
            records: selectedItems[0] ? { ws, app: selectedItems[0].app } : undefined,
            only: plan.fields.map((f) => f.key),
            required: plan.fields.filter((f) => f.required).map((f) => f.key),
          })
        : undefined,
    // plan.fields follows the step, which the selection decides.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [planForm, plan.step?.key, i18n.language, people.members, people.departments],
  );
  const bulkFormRef = useRef<SchemaFormHandle>(null);
  const [bulkData, setBulkData] = useState<Record<string, unknown>>({});

  /** approveSelected approves the chosen to-dos in one call, with the step's fields when asked; what failed stays listed with why. */
  const approveSelected = async (data?: Record<string, unknown>) => {
    const items = plan.ready;
    if (items.length === 0) return;
    setBulkSaving(true);
    setBulkError('');
    try {
      const results = await api.bulkAct(
        ws,
        'approve',
        items.map(({ app, form, record }) => ({ app, form, record })),
        bulkComment,
        data,
      );
      // Failures name the fields a step requires; their labels come from the apps' forms.
      const outcome = bulkOutcome(items, results, (field, it) => {
        const form = formOf(it);
        return form ? (fieldLabels(form, i18n.language).get(field) ?? field) : field;
      });
      if (bulkFields && outcome.done === 0 && outcome.failed.length > 0) {
        // Nothing went through: the fields asked for stay on screen with what the server said.
        setBulkError(outcome.failed.map((f) => f.message).filter(Boolean).join(' ') || t('fixFields', { ns: 'records' }));
        return;
      }
      if (outcome.done > 0) message.success(ti('bulkDone', { count: outcome.done }));
      setFailures(outcome.failed);
      setSelected([...outcome.failed.map((f) => f.item.id), ...plan.ownPage.map((it) => it.id)]);
      setBulkOpen(false);
      setBulkComment('');
      setBulkData({});
      first.reload();
      announceWork(); // the header's 待办中心 count
      boxApps.reload();
    } catch (err) {
      setBulkError(errorMessage(err));
    } finally {
      setBulkSaving(false);
    }
  };

  if (first.error) return <LoadError error={first.error} onRetry={first.reload} />;
  // The item names its app (also one the member holds no role in); the app list is the fallback.
  const appName = (id: string, named?: InboxItem['appName']) => {
    if (named) return localized(named, i18n.language);
    const a = apps.data?.find((x) => x.id === id);
    return a ? localized(a.name, i18n.language) || a.key : '';
  };
  // When the item came in, or, in the done box, when the member acted on it.
  const itemName = (it: InboxItem) => inboxTitle(stepName(localized(it.nodeName, i18n.language), it), it, appName(it.app, it.appName)) || it.record;

  const whoOf = (it: InboxItem) => (it.initiator ? (people.name(it.initiator) ?? '') : '');
  const cardText = (it: InboxItem): CardText => {
    const step = stepName(localized(it.nodeName, i18n.language), it);
    return {
      // Which app it is from, then its serial number: one inbox holds the to-dos of every app.
      head: [appName(it.app, it.appName), it.serial].filter(Boolean).join(' · ') || (it.title ? '' : it.record),
      title: it.title ?? '',
      step,
      sub: [whoOf(it), shortDateTime(timeOf(box, it), i18n.language)].filter(Boolean).join(' · '),
      due: shortDateTime(it.due, i18n.language),
      name: itemName(it),
    };
  };

  const columns: ColumnsType<InboxItem> = [
    {
      key: 'record',
      title: ti('record'),
      render: (_, it) => (
        <Link to={recordPath(ws, it.app, it.form, it.record)} data-testid="inbox-link">
          {itemName(it)}
        </Link>
      ),
    },
    // The short columns keep to one line; the record's name takes the width that is left.
    { key: 'app', title: ti('app'), className: 'fl-inbox-nowrap', render: (_, it) => appName(it.app, it.appName) },
    { key: 'stage', title: t('stage', { ns: 'records' }), className: 'fl-inbox-nowrap', render: (_, it) => it.stage ?? '' },
    {
      key: 'initiator',
      className: 'fl-inbox-nowrap',
      title: t('run.initiator', { ns: 'flow' }),
      render: (_, it) => (it.initiator ? (people.name(it.initiator) ?? it.initiator) : ''),
    },
    {
      key: 'when',
      className: 'fl-inbox-nowrap',
      title: ti(timeLabel(box)),
      render: (_, it) => dateTime(timeOf(box, it)),
    },
    {
      key: 'due',
      className: 'fl-inbox-nowrap',
      title: t('due', { ns: 'records' }),
      render: (_, it) =>
        it.due ? (
          <Typography.Text type={it.overdue ? 'danger' : undefined} className={it.overdue ? 'fl-overdue' : undefined}>
            {dateTime(it.due)}
            {it.overdue && ` · ${t('overdue', { ns: 'records' })}`}
          </Typography.Text>
        ) : null,
    },
  ];

  const todo = box === 'todo';

  const appOptions = (boxApps.data ?? []).map((a) => ({
    value: a.app,
    label: `${localized(a.name, i18n.language) || a.app} (${a.count})`,
  }));

  return (
    <>
      <div className="fl-inbox-toolbar">
        {todo && (
          <Space wrap>
            <Button
              type="primary"
              icon={<CheckOutlined />}
              disabled={selected.length === 0}
              onClick={() => setBulkOpen(true)}
              data-testid="bulk-approve"
            >
              {ti('approveSelected')}
            </Button>
            {selected.length > 0 && <Typography.Text type="secondary">{t('common.selected', { count: selected.length })}</Typography.Text>}
          </Space>
        )}
        {(appOptions.length > 1 || app !== '') && (
          <Select
            className="fl-inbox-app"
            value={app || undefined}
            onChange={(v?: string) => onAppChange(v ?? '')}
            options={appOptions}
            allowClear
            placeholder={ti('allApps')}
            aria-label={ti('app')}
            data-testid="inbox-app"
          />
        )}
      </div>
      {todo && failures.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setFailures([])}
          style={{ marginBottom: 12 }}
          data-testid="bulk-failures"
          message={ti('bulkFailed', { count: failures.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {failures.map((f) => (
                <li key={f.item.id}>
                  <Link to={recordPath(ws, f.item.app, f.item.form, f.item.record)}>{itemName(f.item)}</Link>
                  {': '}
                  {f.message || ti('bulkNoResult')}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {phone ? (
        <InboxCards
          items={rows}
          loading={first.loading}
          text={cardText}
          href={(it) => recordPath(ws, it.app, it.form, it.record)}
          selection={todo ? { selected, onChange: setSelected } : undefined}
          labels={{
            empty: ti('empty'),
            due: (time) => ti('dueAt', { time }),
            overdue: t('overdue', { ns: 'records' }),
            selectAll: t('common.selectAll'),
          }}
        />
      ) : (
        <Table<InboxItem>
          rowKey="id"
          columns={columns}
          rowSelection={
            todo
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys.map(String)),
                  getCheckboxProps: (it) => ({ 'aria-label': itemName(it) }) as never,
                  // antd's own label for this box is English in every language.
                  getTitleCheckboxProps: () => ({ 'aria-label': t('common.selectAll') }),
                }
              : undefined
          }
          dataSource={rows}
          loading={first.loading}
          pagination={false}
          rowClassName={(it) => (it.overdue ? 'fl-row-overdue' : '')}
          locale={{ emptyText: ti('empty') }}
          data-testid="inbox-table"
        />
      )}
      {moreError && <Typography.Text type="danger">{moreError}</Typography.Text>}
      {bulkOpen && (
        <Modal
          open
          title={ti('bulkTitle', { count: plan.ready.length })}
          okText={ti('approveSelected')}
          cancelText={t('common.cancel')}
          okButtonProps={{ loading: bulkSaving, 'data-testid': 'bulk-ok' } as never}
          onOk={() => (bulkFields ? bulkFormRef.current?.submit() : void approveSelected())}
          onCancel={() => setBulkOpen(false)}
          destroyOnHidden
        >
          {bulkError && <Alert type="error" showIcon message={bulkError} style={{ marginBottom: 12 }} data-testid="bulk-error" />}
          {plan.ownPage.length > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="bulk-own-page"
              message={tu('ownPage', { count: plan.ownPage.length })}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {plan.ownPage.map((it) => (
                    <li key={it.id}>
                      <Link to={recordPath(ws, it.app, it.form, it.record)}>{itemName(it)}</Link>
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          {bulkFields && (
            <>
              <Typography.Paragraph type="secondary">
                {tu('bulkFields', { step: localized(selectedItems[0]?.nodeName, i18n.language) || plan.step?.key })}
              </Typography.Paragraph>
              <SchemaForm
                ref={bulkFormRef}
                form={bulkFields}
                data={bulkData}
                onChange={setBulkData}
                onSubmit={(d) => void approveSelected(d)}
                disabled={bulkSaving}
              />
            </>
          )}
          <Typography.Paragraph type="secondary">{ti('bulkComment')}</Typography.Paragraph>
          <Input.TextArea
            rows={3}
            maxLength={2000}
            value={bulkComment}
            onChange={(e) => setBulkComment(e.target.value)}
            aria-label={ti('bulkComment')}
            data-testid="bulk-comment"
          />
        </Modal>
      )}
      {next && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void loadMore()} loading={loadingMore}>
            {ti('loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}
