import { PlusOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Calendar, Empty, Grid, List, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import type { PipelineDef, RecordItem, RuntimeFormDef, ViewDef } from '../../shared/api/types';
import { LoadError } from '../../shared/components/LoadError';
import { useAsync } from '../../shared/hooks/useAsync';
import { recordPath, type People } from '../../shared/hooks/useWorkspaceData';
import '../../shared/i18n/pickerLocale';
import { listState } from '../records/recordList';
import { flowStart, NewRecordDrawer } from '../records/NewRecordDrawer';
import { byDay, dateKind, dayKey, dayValue, monthFilter, type Month } from './calendar';
import { cellText, type MetaTexts } from './views';
import type { ValueTexts } from '../forms/schemaForm';

/** How many of a month's records a calendar reads at most (pages of the API's largest size). */
const MONTH_PAGES = 4;
const PAGE = 500;
/** How many of a day's records a desktop cell names; the rest are counted. */
const CELL_ROWS = 3;

export interface CalendarViewProps {
  ws: string;
  app: string;
  view: ViewDef;
  form?: RuntimeFormDef;
  /** The form's pipeline: a record made on a day starts its flow as the new-record form does. */
  pipeline?: PipelineDef;
  people: People;
  texts: MetaTexts & ValueTexts;
}

/**
 * CalendarView shows a calendar view (日历): a month with each record of the view on the day
 * its date field gives, named by the view's first column; a click opens the record, which can
 * step through that day's and the month's others. On a phone the month is a small calendar
 * whose days with records carry a dot, and the chosen day's records are listed under it.
 * A member who may create the form's records makes one on a day: a click on the day's empty
 * space (on a phone, 创建 beside the chosen day) opens the new-record form with that day filled in.
 */
export function CalendarView({ ws, app, view, form, pipeline, people, texts }: CalendarViewProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const phone = Grid.useBreakpoint().md === false;
  const [shown, setShown] = useState<Dayjs>(() => dayjs());
  // The day a new record is being made on (YYYY-MM-DD), while its form is open.
  const [creating, setCreating] = useState<string>();
  const canCreate = form?.actions?.create === true;
  const month: Month = { year: shown.year(), month: shown.month() + 1 };
  const kind = dateKind(form, view.date);
  const field = view.date ?? '';
  const records = useAsync(async () => {
    if (!kind) return { items: [] as RecordItem[], more: false };
    const filter = monthFilter(field, kind, month);
    const items: RecordItem[] = [];
    let cursor = '';
    for (let i = 0; i < MONTH_PAGES; i++) {
      const page = await api.viewRecords(ws, app, view.key, { filter, limit: PAGE, cursor: cursor || undefined });
      items.push(...(page.items ?? []));
      cursor = page.next ?? '';
      if (!cursor) return { items, more: false };
    }
    return { items, more: true };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- month is derived from shown
  }, [api, ws, app, view.key, field, kind, month.year, month.month]);
  const days = useMemo(() => (kind ? byDay(records.data?.items ?? [], field, kind) : new Map<string, RecordItem[]>()), [records.data, field, kind]);
  // A record opened from the calendar steps through the month's records in day order.
  const opened = useMemo(() => listState([...days.keys()].sort().flatMap((d) => days.get(d)!.map((r) => r.id))), [days]);
  const first = view.columns?.[0];
  // A meeting reads "10:00 周例会": a datetime's time of day leads its name.
  const nameOf = (r: RecordItem) => {
    const name = (first && cellText(form, r, first, i18n.language, texts)) || r.id;
    const at = kind === 'datetime' && typeof r.data[field] === 'string' ? dayjs(r.data[field] as string) : undefined;
    return at?.isValid() ? `${at.format('HH:mm')} ${name}` : name;
  };
  const keyOf = (d: Dayjs) => dayKey(d.year(), d.month() + 1, d.date());
  const link = (r: RecordItem) => (
    <Link to={recordPath(ws, app, view.form, r.id)} state={opened} data-testid="calendar-record">
      {nameOf(r)}
    </Link>
  );

  if (!kind) return <Alert type="warning" showIcon message={t('calendarNoDate', { ns: 'views' })} />;
  if (records.error) return <LoadError error={records.error} onRetry={records.reload} />;
  const chosen = days.get(keyOf(shown)) ?? [];
  return (
    <Spin spinning={records.loading}>
      {records.data?.more && <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('calendarMore', { ns: 'views', count: MONTH_PAGES * PAGE })} />}
      <div data-testid="view-calendar">
        <Calendar
          fullscreen={!phone}
          value={shown}
          onChange={setShown}
          onPanelChange={(d) => setShown(d)}
          onSelect={(d, info) => {
            // A click on a day's empty space makes a record there; its records' links open them.
            if (!phone && canCreate && info.source === 'date') setCreating(keyOf(d));
          }}
          cellRender={(current, info) => {
            if (info.type !== 'date') return info.originNode;
            const list = days.get(keyOf(current)) ?? [];
            if (list.length === 0) return null;
            if (phone) return <Badge color="#1677ff" data-testid="calendar-dot" />;
            return (
              <ul className="fl-calendar-cell" data-testid={`calendar-day-${keyOf(current)}`}>
                {list.slice(0, CELL_ROWS).map((r) => (
                  <li key={r.id} onClick={(e) => e.stopPropagation()}>
                    {link(r)}
                  </li>
                ))}
                {list.length > CELL_ROWS && <li className="fl-calendar-more">{t('moreInColumn', { ns: 'views', count: list.length - CELL_ROWS })}</li>}
              </ul>
            );
          }}
        />
      </div>
      {phone && (
        <List
          data-testid="calendar-day-list"
          header={
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <Typography.Text strong>{shown.format(i18n.language.startsWith('zh') ? 'M月D日' : 'MMM D')}</Typography.Text>
              {canCreate && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating(keyOf(shown))} data-testid="calendar-new">
                  {t('common.create')}
                </Button>
              )}
            </Space>
          }
          dataSource={chosen}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('emptyColumn', { ns: 'views' })} /> }}
          renderItem={(r) => <List.Item>{link(r)}</List.Item>}
        />
      )}
      {creating && form && kind && (
        <NewRecordDrawer
          ws={ws}
          app={app}
          form={form}
          people={people}
          open
          {...flowStart(pipeline)}
          initial={{ [field]: dayValue(creating, kind) }}
          onClose={() => setCreating(undefined)}
          onCreated={() => {
            setCreating(undefined);
            records.reload();
          }}
        />
      )}
    </Spin>
  );
}
