import { CalendarOutlined, ProjectOutlined } from '@ant-design/icons';
import { Badge, Card, Empty, Grid, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useRecordNames } from '../records/useRecordNames';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import type { FormDef, RecordItem, RuntimeFormDef, ViewDef } from '../../shared/api/types';
import { useCursorPages } from '../../shared/components/CursorPager';
import { PagedTable, PagerBar } from '../../shared/components/PagedTable';
import { LoadError } from '../../shared/components/LoadError';
import { FlowStatusTag } from '../records/FlowStatusTag';
import { RecordCards } from '../records/RecordCards';
import { listState } from '../records/recordList';
import { localized } from '../../shared/lib/localized';
import type { ValueTexts } from '../forms/schemaForm';
import { useAsync } from '../../shared/hooks/useAsync';
import { recordPath, type People } from '../../shared/hooks/useWorkspaceData';
import { cellText, columnLabel, groupKey, groupLabel, type MetaTexts } from './views';
import { CalendarView } from './CalendarView';
import { KanbanCardDrag, KanbanColumnDrop, KanbanDnd } from '../designers/views/KanbanDrag';
import type { PipelineWithEdges } from '../designers/views/stageMove';

/** How many cards a kanban column shows: its first page. */
const CARDS_PER_COLUMN = 20;

export interface ViewsPanelProps {
  ws: string;
  app: string;
  forms: RuntimeFormDef[];
  people: People;
  /** The app's pipelines: a kanban board by stage offers their actions on a drop. */
  pipelines?: PipelineWithEdges[];
  /** The view shown, by key; the first one when unset. */
  active?: string;
  onSelect: (view: string) => void;
}

function useViewTexts(people: People, record: (id: string) => string | undefined): MetaTexts & ValueTexts {
  const { t } = useTranslation();
  return {
    record,
    stage: t('stage', { ns: 'records' }),
    due: t('due', { ns: 'records' }),
    overdue: t('overdue', { ns: 'records' }),
    status: t('status', { ns: 'records' }),
    created: t('createdAt', { ns: 'records' }),
    updated: t('updated', { ns: 'views' }),
    noValue: t('noValue', { ns: 'views' }),
    flowStatus: (s) => t(`run.status.${s}`, { ns: 'flow', defaultValue: s }),
    yes: t('common2.yes'),
    no: t('common2.no'),
    name: people.name,
    files: (count) => t('fileCount', { ns: 'views', count }),
    signed: t('common2.signed'),
  };
}

/** ViewsPanel lists an app's saved views (those the user may read) and shows the chosen one. */
export function ViewsPanel({ ws, app, forms, people, pipelines, active, onSelect }: ViewsPanelProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const views = useAsync(() => api.views(ws, app), [api, ws, app]);
  if (views.error) return <LoadError error={views.error} onRetry={views.reload} />;
  if (!views.data) return <Table loading columns={[]} dataSource={[]} />;
  const current = views.data.find((v) => v.key === active) ?? views.data[0];
  if (!current) return <Empty description={t('none', { ns: 'views' })} />;
  return (
    <Tabs
      key={i18n.language}
      tabPosition="top"
      activeKey={current.key}
      onChange={onSelect}
      data-testid="views"
      items={views.data.map((v) => ({
        key: v.key,
        label: (
          // A board is marked by an icon before its name: a tag after it was the part a
          // phone's tab bar cut off when the board was the last tab in view.
          <Space size={6} data-testid={`view-tab-${v.key}`}>
            {v.type === 'kanban' && <ProjectOutlined role="img" aria-label={t('kanban', { ns: 'views' })} title={t('kanban', { ns: 'views' })} style={{ color: '#722ed1' }} />}
            {v.type === 'calendar' && <CalendarOutlined role="img" aria-label={t('calendar', { ns: 'views' })} title={t('calendar', { ns: 'views' })} style={{ color: '#13c2c2' }} />}
            {localized(v.name, i18n.language) || v.key}
          </Space>
        ),
        children:
          v.key === current.key ? (
            v.type === 'kanban' ? (
              <KanbanBoard ws={ws} app={app} view={v} form={forms.find((f) => f.key === v.form)} people={people} pipeline={pipelines?.find((p) => p.form === v.form)} />
            ) : v.type === 'calendar' ? (
              <CalendarTab ws={ws} app={app} view={v} form={forms.find((f) => f.key === v.form)} people={people} pipeline={pipelines?.find((p) => p.form === v.form)} />
            ) : (
              <ViewTable ws={ws} app={app} view={v} form={forms.find((f) => f.key === v.form)} people={people} />
            )
          ) : null,
      }))}
    />
  );
}

interface ViewProps {
  ws: string;
  app: string;
  view: ViewDef;
  form?: FormDef;
  people: People;
  pipeline?: PipelineWithEdges;
}

/**
 * CalendarTab is a calendar view with the texts its records are named with. A day names a
 * record by its first column, which for a calendar is its title: linked records are not
 * looked up (a relation there reads "…").
 */
function CalendarTab({ ws, app, view, form, people, pipeline }: ViewProps & { form?: RuntimeFormDef }) {
  const texts = useViewTexts(people, () => undefined);
  return <CalendarView ws={ws} app={app} view={view} form={form} pipeline={pipeline} people={people} texts={texts} />;
}

/**
 * ViewTable pages a table view with the API's cursors, in the view's columns and sort. On a
 * phone its records are cards, as the data tab's are: the first column names the card, the
 * next three follow as label and value, and a tap opens the record — a table of ten columns
 * showed a phone its first two.
 */
function ViewTable({ ws, app, view, form, people }: ViewProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const records = useAsync(() => api.viewRecords(ws, app, view.key, { cursor }), [api, ws, app, view.key, cursor]);
  const linkedData = useMemo(() => (records.data?.items ?? []).map((r) => r.data), [records.data]);
  const texts = useViewTexts(people, useRecordNames(api, ws, app, form?.schema, linkedData, t('unreadableRecord', { ns: 'enduser' })));
  // A record opened from the view's page can step to the page's other records (上一条 / 下一条).
  const opened = useMemo(() => listState((records.data?.items ?? []).map((r) => r.id)), [records.data]);

  const cols = records.data?.columns ?? view.columns ?? [];
  const columns: ColumnsType<RecordItem> = cols.map((col, i) => ({
    key: col,
    title: columnLabel(form, col, i18n.language, texts),
    ellipsis: true,
    render: (_, r) => {
      if (col === '_flowStatus') return r.flow ? <FlowStatusTag status={r.flow.status} /> : null;
      const text = cellText(form, r, col, i18n.language, texts);
      if (col === '_overdue' && r.overdue) return <Tag color="red">{text}</Tag>;
      return i === 0 ? (
        <Link to={recordPath(ws, app, view.form, r.id)} state={opened}>
          {text || r.id}
        </Link>
      ) : (
        text
      );
    },
  }));

  if (records.error) return <LoadError error={records.error} onRetry={records.reload} />;
  const next = records.data?.next ?? '';
  if (phone) {
    const [first, ...rest] = cols;
    const fields = rest.filter((c) => c !== '_flowStatus');
    return (
      <>
        <RecordCards
          items={records.data?.items ?? []}
          loading={records.loading}
          emptyText={t('empty', { ns: 'records' })}
          testId="view-cards"
          cardTestId="view-card"
          onOpen={(r) => navigate(recordPath(ws, app, view.form, r.id), { state: opened })}
          title={(r) => (
            // A link as the table's first cell is, for screen readers and new tabs.
            <Link to={recordPath(ws, app, view.form, r.id)} state={opened} onClick={(e) => e.stopPropagation()}>
              {(first && cellText(form, r, first, i18n.language, texts)) || r.id}
            </Link>
          )}
          extra={(r) => (cols.includes('_flowStatus') && r.flow ? <FlowStatusTag status={r.flow.status} /> : null)}
          lines={(r) =>
            fields.map((c) => {
              const v = cellText(form, r, c, i18n.language, texts);
              return { key: c, label: columnLabel(form, c, i18n.language, texts), value: c === '_overdue' && r.overdue && v ? <Tag color="red">{v}</Tag> : v };
            })
          }
        />
        <PagerBar pages={pages} next={next} />
      </>
    );
  }
  return (
    <>
      <PagedTable<RecordItem>
        rowKey="id"
        columns={columns}
        dataSource={records.data?.items ?? []}
        loading={records.loading}
        locale={{ emptyText: t('empty', { ns: 'records' }) }}
        data-testid="view-table"
        pages={pages}
        next={next}
      />
    </>
  );
}

/** KanbanBoard shows one column per option of the view's group field, each with its first page of cards. */
function KanbanBoard({ ws, app, view, form, people, pipeline }: ViewProps) {
  const { i18n, t } = useTranslation();
  const api = useApi();
  // A moved card reloads the counts and every column's cards.
  const [rev, setRev] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- rev counts moved cards: each asks for the counts again
  const groups = useAsync(() => api.viewGroups(ws, app, view.key), [api, ws, app, view.key, rev]);
  if (groups.error) return <LoadError error={groups.error} onRetry={groups.reload} />;
  if (!groups.data) return <Card loading />;
  if (groups.data.length === 0) return <Empty description={t('empty', { ns: 'records' })} />;
  return (
    <KanbanDnd ws={ws} app={app} view={view} pipeline={pipeline} onMoved={() => setRev((n) => n + 1)}>
    <div className="fl-kanban" data-testid="kanban">
      {groups.data.map((g) => {
        const label = groupLabel(g, form, view.groupBy, i18n.language, t('noValue', { ns: 'views' }));
        return (
          <KanbanColumnDrop className="fl-kanban-column" key={`${groupKey(g) || '∅'}-${rev}`} value={groupKey(g)} testId="kanban-column">
            <div className="fl-kanban-head">
              <Typography.Text strong>{label}</Typography.Text>
              <Badge count={g.count} showZero color={g.count > 0 ? '#1677ff' : '#bfbfbf'} overflowCount={9999} />
            </div>
            {g.value === null ? (
              // Records without a value cannot be asked for by group; the count says how many there are.
              <Typography.Text type="secondary">{t('moreInColumn', { ns: 'views', count: g.count })}</Typography.Text>
            ) : (
              <KanbanCards ws={ws} app={app} view={view} form={form} people={people} group={g.value} count={g.count} />
            )}
          </KanbanColumnDrop>
        );
      })}
    </div>
    </KanbanDnd>
  );
}

function KanbanCards({ ws, app, view, form, people, group, count }: ViewProps & { group: string; count: number }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const page = useAsync(
    () => (count > 0 ? api.viewRecords(ws, app, view.key, { group, limit: CARDS_PER_COLUMN }) : Promise.resolve(undefined)),
    [api, ws, app, view.key, group, count],
  );
  const linkedData = useMemo(() => (page.data?.items ?? []).map((r) => r.data), [page.data]);
  const texts = useViewTexts(people, useRecordNames(api, ws, app, form?.schema, linkedData, t('unreadableRecord', { ns: 'enduser' })));
  const cols = useMemo(() => page.data?.columns ?? view.columns ?? [], [page.data, view.columns]);
  if (count === 0) return <Typography.Text type="secondary">{t('emptyColumn', { ns: 'views' })}</Typography.Text>;
  if (page.error) return <LoadError error={page.error} onRetry={page.reload} />;
  if (!page.data) return <Card size="small" loading />;
  const items = page.data.items ?? [];
  const [head, ...rest] = cols.filter((c) => c !== view.groupBy);
  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }}>
      {items.map((r) => (
        <KanbanCardDrag key={r.id} record={r} from={group}>
        <Link to={recordPath(ws, app, view.form, r.id)} draggable={false} data-testid="kanban-card">
          <Card size="small" hoverable>
            <Typography.Text strong>{(head && cellText(form, r, head, i18n.language, texts)) || r.id}</Typography.Text>
            {rest.map((c) => {
              const v = cellText(form, r, c, i18n.language, texts);
              return v ? (
                <div key={c} className="fl-kanban-field">
                  <Typography.Text type="secondary">{columnLabel(form, c, i18n.language, texts)}: </Typography.Text>
                  {v}
                </div>
              ) : null;
            })}
            {r.flow && (
              <div className="fl-kanban-meta">
                <FlowStatusTag status={r.flow.status} />
                {r.stage && <Typography.Text type="secondary">{r.stage}</Typography.Text>}
              </div>
            )}
          </Card>
        </Link>
        </KanbanCardDrag>
      ))}
      {count > items.length && <Typography.Text type="secondary">{t('moreInColumn', { ns: 'views', count: count - items.length })}</Typography.Text>}
    </Space>
  );
}
