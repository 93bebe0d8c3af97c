import { Card, DatePicker, Empty, Select, Skeleton, Space, Statistic, Table, Tabs } from 'antd';
import type { Dayjs } from 'dayjs';
import { Suspense, lazy, useState, type CSSProperties } from 'react';
import { isEmptyResult } from '../designers/dashboards/model';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import type { AggregateGroup, DashboardData, DashboardDef, FormDef, WidgetDef } from '../../shared/api/types';
import { DepartmentSelect } from '../org/DepartmentSelect';
import { LoadError } from '../../shared/components/LoadError';
import { chartData, chartOption, numberValue, placedInReadingOrder, withUncheckedBoxes, type ChartTexts } from './dashboard';
import { localized } from '../../shared/lib/localized';
import { useAsync } from '../../shared/hooks/useAsync';
import type { People } from '../../shared/hooks/useWorkspaceData';
import '../../shared/i18n/pickerLocale';

// ECharts is large: it is fetched when a dashboard with a chart is first shown.
const Chart = lazy(() => import('../../shared/components/Chart'));

export interface DashboardsPanelProps {
  ws: string;
  app: string;
  dashboards: DashboardDef[];
  forms: FormDef[];
  people: People;
  active?: string;
  onSelect: (dashboard: string) => void;
}

/** DashboardsPanel shows an app's dashboards, one tab each, with every widget's data. */
export function DashboardsPanel({ ws, app, dashboards, forms, people, active, onSelect }: DashboardsPanelProps) {
  const { i18n } = useTranslation();
  const { t: td } = useTranslation('dashboards');
  const current = dashboards.find((d) => d.key === active) ?? dashboards[0];
  if (!current) return <Empty description={td('none')} />;
  return (
    <Tabs
      key={i18n.language}
      activeKey={current.key}
      onChange={onSelect}
      items={dashboards.map((d) => ({
        key: d.key,
        label: localized(d.name, i18n.language) || d.key,
        children: d.key === current.key ? <Dashboard ws={ws} app={app} def={d} forms={forms} people={people} /> : null,
      }))}
    />
  );
}

function Dashboard({ ws, app, def, forms, people }: { ws: string; app: string; def: DashboardDef; forms: FormDef[]; people: People }) {
  const { t, i18n } = useTranslation();
  const { t: td } = useTranslation('dashboards');
  const api = useApi();
  // The reader narrows every widget to a date range, to one member's records and to the
  // records of a department's members (its sub-departments included, on the server).
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [member, setMember] = useState<string>();
  const [department, setDepartment] = useState<string>();
  const departments = useAsync(() => api.departments(ws), [api, ws]);
  const from = range?.[0]?.format('YYYY-MM-DD') ?? '';
  const to = range?.[1]?.format('YYYY-MM-DD') ?? '';
  const data = useAsync(() => {
    const q = new URLSearchParams();
    if (from) q.set('from', from);
    if (to) q.set('to', to);
    if (member) q.set('member', member);
    if (department) q.set('department', department);
    const qs = q.toString();
    return qs
      ? api.client.get<DashboardData>(`/workspaces/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}/dashboards/${encodeURIComponent(def.key)}/data?${qs}`)
      : api.dashboardData(ws, app, def.key);
  }, [api, ws, app, def.key, from, to, member, department]);
  const filters = (
    <Space wrap style={{ marginBottom: 12 }} data-testid="dashboard-filters">
      <DatePicker.RangePicker value={range} onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)} allowEmpty={[true, true]} data-testid="dashboard-range" />
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        style={{ minWidth: 180 }}
        placeholder={td('member')}
        value={member}
        onChange={setMember}
        options={people.members}
        data-testid="dashboard-member"
      />
      {(departments.data?.length ?? 0) > 0 && (
        <div style={{ minWidth: 200 }} data-testid="dashboard-department">
          <DepartmentSelect
            departments={departments.data ?? []}
            placeholder={td('department')}
            value={department}
            onChange={(v) => setDepartment(typeof v === 'string' ? v : undefined)}
          />
        </div>
      )}
    </Space>
  );
  if (data.error) return <>{filters}<LoadError error={data.error} onRetry={data.reload} /></>;
  if (!data.data) return <Skeleton active />;
  const texts: ChartTexts = {
    yes: t('common2.yes'),
    no: t('common2.no'),
    name: people.name,
    noValue: t('noValue', { ns: 'views' }),
    op: (op) => td(`ops.${op}`, { defaultValue: op }),
    meta: (m) =>
      ({ _stage: t('stage', { ns: 'records' }), _flowStatus: t('status', { ns: 'records' }), _created: t('createdAt', { ns: 'records' }), _updated: t('updated', { ns: 'views' }), _overdue: t('overdue', { ns: 'records' }) })[m],
    metaValue: (m, v) => {
      if (m === '_flowStatus' && typeof v === 'string') return t(`run.status.${v}`, { ns: 'flow', defaultValue: v });
      // A record without a run was never submitted to its pipeline (or predates it): it has
      // neither a status nor a stage.
      if ((m === '_flowStatus' || m === '_stage') && v === null) return td('noRun');
      if (m === '_overdue' && typeof v === 'boolean') return v ? t('common2.yes') : t('common2.no');
      return undefined;
    },
  };
  const widgets = placedInReadingOrder(data.data.widgets, def.widgets);
  return (
    <>
    {filters}
    <div className="fl-dashboard" data-testid="dashboard">
      {widgets.map(({ w, wdef }) => {
        const place = wdef.layout;
        return (
          <div
            key={w.key}
            className={place ? 'fl-widget-placed' : `fl-widget-${w.width ?? wdef.width ?? 'full'}${wdef.chart === 'number' ? ' fl-widget-figure' : ''}`}
            style={place ? ({ '--x': place.x + 1, '--y': place.y + 1, '--w': place.w, '--h': place.h } as CSSProperties) : undefined}
          >
            <Widget def={wdef} groups={w.groups ?? []} form={forms.find((f) => f.key === wdef.form)} language={i18n.language} texts={texts} />
          </div>
        );
      })}
    </div>
    </>
  );
}

function Widget({ def, groups: answered, form, language, texts }: { def: WidgetDef; groups: AggregateGroup[]; form?: FormDef; language: string; texts: ChartTexts }) {
  const { t: td } = useTranslation('dashboards');
  const groups = withUncheckedBoxes(def, answered, form);
  const title = localized(def.name, language) || def.key;
  const data = chartData(def, groups, form, language, texts);
  if (def.chart === 'number') {
    const value = numberValue(data);
    return (
      <Card size="small" data-testid="widget-number">
        <Statistic title={title} value={value ?? '—'} />
      </Card>
    );
  }
  let body;
  if (isEmptyResult(groups)) {
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={td('noData')} />;
  } else if (def.chart === 'table') {
    const rows = data.categories.map((c, i) => ({ key: i, category: c, ...Object.fromEntries(data.metrics.map((m, j) => [m.as, data.values[j]?.[i]])) }));
    body = (
      <Table
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { key: 'category', dataIndex: 'category', title: data.dimensions.join(' / ') },
          ...data.metrics.map((m) => ({
            key: m.as,
            dataIndex: m.as,
            title: m.label,
            align: 'right' as const,
            render: (v: number | null | undefined) => (typeof v === 'number' ? new Intl.NumberFormat(language).format(v) : ''),
          })),
        ]}
      />
    );
  } else {
    body = (
      <Suspense fallback={<Skeleton active />}>
        <Chart option={chartOption(def.chart, data)} />
      </Suspense>
    );
  }
  return (
    <Card size="small" title={title} data-testid={`widget-${def.chart}`}>
      {body}
    </Card>
  );
}
