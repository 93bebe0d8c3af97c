import { Badge, Button, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { useApi } from '../api/ApiContext';
import type { InboxBox, InboxItem } from '../api/types';
import { LoadError } from '../components/LoadError';
import { errorMessage } from '../lib/apiErrors';
import { localized } from '../lib/localized';
import { useAsync } from '../lib/useAsync';
import { recordPath, usePeople } from '../lib/useWorkspaceData';

const BOXES: readonly InboxBox[] = ['todo', 'done', 'cc', 'mine'];

/** InboxPage is a workspace's to-do list: open tasks, what I acted on, copies to me, what I started. */
export default function InboxPage() {
  const { t, i18n } = useTranslation();
  const { ws = '', box } = useParams();
  const api = useApi();
  const navigate = useNavigate();
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
          {t('inbox.title')}
        </Typography.Title>
      </div>
      <div className="fl-panel">
        <Tabs
          key={i18n.language}
          activeKey={active}
          onChange={(key) => navigate(`/w/${encodeURIComponent(ws)}/inbox/${key}`)}
          items={BOXES.map((key) => ({
            key,
            label: (
              <Space size={6} data-testid={`inbox-tab-${key}`}>
                {t(`inbox.tabs.${key}`)}
                {c && c[key] > 0 && <Badge count={c[key]} color={key === 'todo' ? '#1677ff' : '#8c8c8c'} overflowCount={999} />}
                {key === 'todo' && c && c.overdue > 0 && (
                  <Tag color="red" bordered={false} style={{ marginInlineEnd: 0 }}>
                    {t('records.overdue')} {c.overdue}
                  </Tag>
                )}
              </Space>
            ),
            children: key === active ? <InboxList ws={ws} box={key} onLoaded={counts.reload} /> : null,
          }))}
        />
      </div>
    </div>
  );
}

function InboxList({ ws, box, onLoaded }: { ws: string; box: InboxBox; onLoaded: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const people = usePeople(ws);
  const apps = useAsync(() => api.apps(ws), [api, ws]);
  const first = useAsync(() => api.inbox(ws, box), [api, ws, box]);
  const [more, setMore] = useState<InboxItem[]>([]);
  const [next, setNext] = useState('');
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState('');

  useEffect(() => {
    setMore([]);
    setNext(first.data?.next ?? '');
    if (first.data) onLoaded();
    // Counts follow each (re)load of the first page.
  }, [first.data, onLoaded]);

  const loadMore = async () => {
    setLoadingMore(true);
    setMoreError('');
    try {
      const page = await api.inbox(ws, box, next);
      setMore((m) => [...m, ...(page.items ?? [])]);
      setNext(page.next ?? '');
    } catch (err) {
      setMoreError(errorMessage(err));
    } finally {
      setLoadingMore(false);
    }
  };

  if (first.error) return <LoadError error={first.error} onRetry={first.reload} />;
  const appName = (id: string) => {
    const a = apps.data?.find((x) => x.id === id);
    return a ? localized(a.name, i18n.language) || a.key : '';
  };
  const dateTime = (v?: string) =>
    v ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(v)) : '';

  const columns: ColumnsType<InboxItem> = [
    {
      key: 'record',
      title: t('inbox.record'),
      render: (_, it) => (
        <Link to={recordPath(ws, it.app, it.form, it.record)} data-testid="inbox-link">
          {[appName(it.app), localized(it.nodeName, i18n.language) || it.node].filter(Boolean).join(' · ') || it.record}
        </Link>
      ),
    },
    { key: 'stage', title: t('records.stage'), render: (_, it) => it.stage ?? '' },
    {
      key: 'initiator',
      title: t('flow.initiator'),
      render: (_, it) => (it.initiator ? (people.name(it.initiator) ?? it.initiator) : ''),
    },
    {
      key: 'when',
      title: box === 'done' ? t('inbox.actedAt') : t('inbox.received'),
      render: (_, it) => dateTime(box === 'done' ? (it.actedAt ?? it.updated) : it.created),
    },
    {
      key: 'due',
      title: t('records.due'),
      render: (_, it) =>
        it.due ? (
          <Typography.Text type={it.overdue ? 'danger' : undefined} className={it.overdue ? 'fl-overdue' : undefined}>
            {dateTime(it.due)}
            {it.overdue && ` · ${t('records.overdue')}`}
          </Typography.Text>
        ) : null,
    },
  ];

  return (
    <>
      <Table<InboxItem>
        rowKey="id"
        columns={columns}
        dataSource={[...(first.data?.items ?? []), ...more]}
        loading={first.loading}
        pagination={false}
        rowClassName={(it) => (it.overdue ? 'fl-row-overdue' : '')}
        locale={{ emptyText: t('inbox.empty') }}
        data-testid="inbox-table"
      />
      {moreError && <Typography.Text type="danger">{moreError}</Typography.Text>}
      {next && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void loadMore()} loading={loadingMore}>
            {t('inbox.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}
