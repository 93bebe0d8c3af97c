import { BarChartOutlined, DeleteOutlined, DotChartOutlined, FunnelPlotOutlined, LineChartOutlined, NumberOutlined, PieChartOutlined, PlusOutlined, TableOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Input, List, Row, Space, Typography } from 'antd';
import { useMemo, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import GridLayout, { useContainerWidth, type Layout } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import { formChoices, formFields, freeKey, textOf } from '../query/fields';
import type { DesignerPartProps } from '../registry';
import { useDraft } from '../store/DraftContext';
import { pointerOf } from '../store/problems';
import { addDashboard, addWidget, dashboards, GRID_COLS, removeDashboard, removeWidget, renameDashboard, setPlaces, setWidget, type DashboardModel, type GridPlace } from './model';
import { WidgetSettingsPanel } from './WidgetSettings';
import { fieldType } from '../../../fields/registry';

const ICONS: Record<string, ReactNode> = {
  number: <NumberOutlined />,
  bar: <BarChartOutlined />,
  line: <LineChartOutlined />,
  pie: <PieChartOutlined />,
  funnel: <FunnelPlotOutlined />,
  table: <TableOutlined />,
};

/**
 * DashboardsDesigner builds an app's dashboards: widgets placed on a 12-column grid
 * (react-grid-layout: drag to move, drag the corner to resize) and the selected widget's
 * settings beside it. Problems the server finds in a widget are shown on its card.
 */
export default function DashboardsDesigner(_: DesignerPartProps) {
  const { t, i18n } = useTranslation('designerDashboards');
  const draft = useDraft();
  const doc = draft.doc;
  const list = dashboards(doc);
  const [selected, setSelected] = useState(0);
  const dash = list[selected] ?? list[0];

  // A problem chosen in the shell (a new selection) opens its dashboard, in the render that
  // sees it; the list stays the user's choice otherwise.
  const selection = draft.state.selection;
  const [seen, setSeen] = useState<string>();
  if (selection !== seen) {
    setSeen(selection);
    const m = selection ? /^\/dashboards\/(\d+)/.exec(selection) : null;
    if (m) setSelected(Number(m[1]));
  }

  const add = () => {
    const key = freeKey(`dashboard${list.length + 1}`, list.map((d) => d.key));
    draft.edit((d) => addDashboard(d, key, t('newDashboard')), pointerOf('dashboards', list.length));
    setSelected(list.length);
  };

  return (
    <Row gutter={16}>
      <Col xs={24} md={5}>
        <Card size="small" title={t('title')} extra={<Button size="small" icon={<PlusOutlined />} onClick={add} data-testid="dashboard-add">{t('add')}</Button>}>
          <List
            size="small"
            dataSource={list}
            locale={{ emptyText: t('none') }}
            renderItem={(d) => (
              <List.Item
                onClick={() => setSelected(d.index)}
                style={{ cursor: 'pointer', background: d.index === dash?.index ? '#e6f4ff' : undefined, paddingInline: 8 }}
                data-testid={`dashboard-item-${d.key}`}
                actions={[<Button key="d" type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('remove')} onClick={(e) => { e.stopPropagation(); draft.edit((x) => removeDashboard(x, d.index)); }} />]}
              >
                <Typography.Text type={draft.problemsAt(pointerOf('dashboards', d.index)).length ? 'danger' : undefined}>{textOf(d.name, i18n.language) || d.key}</Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} md={19}>{dash ? <DashboardEditor key={dash.index} dash={dash} /> : <Empty description={t('none')} />}</Col>
    </Row>
  );
}

function DashboardEditor({ dash }: { dash: DashboardModel }) {
  const { t, i18n } = useTranslation('designerDashboards');
  const draft = useDraft();
  const doc = draft.doc;
  const [widget, setWidgetIndex] = useState<number | undefined>(dash.widgets.length ? 0 : undefined);
  const { width, containerRef, mounted } = useContainerWidth();
  const at = pointerOf('dashboards', dash.index);
  const current = widget !== undefined ? dash.widgets[widget] : undefined;

  // A problem chosen in the shell (a new selection) opens its widget, in the render that sees it.
  const selection = draft.state.selection;
  const [seen, setSeen] = useState<string>();
  if (selection !== seen) {
    setSeen(selection);
    const m = selection ? /^\/dashboards\/\d+\/widgets\/(\d+)/.exec(selection) : null;
    if (m) setWidgetIndex(Number(m[1]));
  }

  const layout: Layout = useMemo(() => dash.widgets.map((w) => ({ i: w.key, ...w.layout, minW: 2, minH: 2 })), [dash.widgets]);

  const addOne = () => {
    const form = formChoices(doc, i18n.language)[0]?.value;
    if (!form) return;
    const key = freeKey(`widget${dash.widgets.length + 1}`, dash.widgets.map((w) => w.key));
    const group = formFields(doc, form, i18n.language).find((f) => fieldType(f.type)?.oneOption)?.key ?? '_created';
    draft.edit(
      (d) => addWidget(d, dash.index, key, { name: t('newWidget'), form, chart: 'bar', measure: 'count', groupField: group, bucket: group === '_created' ? 'month' : undefined }),
      pointerOf('dashboards', dash.index, 'widgets', dash.widgets.length),
    );
    setWidgetIndex(dash.widgets.length);
  };

  // Places are written when the admin drops or resizes a widget, never on first layout, so
  // opening a dashboard leaves the draft unchanged.
  const onLayout = (l: Layout) => {
    const places: Record<string, GridPlace> = {};
    for (const it of l) places[it.i] = { x: it.x, y: it.y, w: it.w, h: it.h };
    draft.edit((d) => setPlaces(d, dash.index, places));
  };

  return (
    <Row gutter={16}>
      <Col xs={24} lg={15}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Input
              key={`zh-${draft.state.revision}`}
              addonBefore={t('nameZh')}
              defaultValue={String(dash.name['zh-CN'] ?? '')}
              onBlur={(e) => draft.edit((d) => renameDashboard(d, dash.index, e.target.value, String(dash.name.en ?? '')))}
              data-testid="dashboard-name-zh"
            />
            <Input
              key={`en-${draft.state.revision}`}
              addonBefore={t('nameEn')}
              defaultValue={String(dash.name.en ?? '')}
              onBlur={(e) => draft.edit((d) => renameDashboard(d, dash.index, String(dash.name['zh-CN'] ?? ''), e.target.value))}
            />
            <Button icon={<PlusOutlined />} onClick={addOne} data-testid="widget-add">{t('addWidget')}</Button>
          </Space>
          {draft.problemsAt(at).filter((p) => !p.pointer.startsWith(`${at}/widgets/`)).map((p) => <Alert key={p.pointer} type="error" showIcon message={p.message} />)}
          <div ref={containerRef as RefObject<HTMLDivElement>} className="fl-dashboard-grid" data-testid="dashboard-grid" style={{ background: '#fafafa', minHeight: 200, borderRadius: 8 }}>
            {dash.widgets.length === 0 && <Empty style={{ paddingTop: 48 }} description={t('noWidgets')} />}
            {mounted && dash.widgets.length > 0 && (
              <GridLayout width={width} layout={layout} gridConfig={{ cols: GRID_COLS, rowHeight: 48 }} dragConfig={{ handle: '.fl-widget-handle' }} onDragStop={(l) => onLayout(l)} onResizeStop={(l) => onLayout(l)}>
                {dash.widgets.map((w) => {
                  const problems = draft.problemsAt(pointerOf('dashboards', dash.index, 'widgets', w.index));
                  return (
                    <div key={w.key} data-testid={`widget-card-${w.key}`}>
                      <Card
                        size="small"
                        style={{ height: '100%', borderColor: w.index === widget ? '#1677ff' : problems.length ? '#ff4d4f' : undefined }}
                        title={<span className="fl-widget-handle" style={{ cursor: 'move' }}>{ICONS[w.chart]} {w.name || w.key}</span>}
                        extra={<Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('remove')} onClick={() => { draft.edit((d) => removeWidget(d, dash.index, w.index)); setWidgetIndex(undefined); }} />}
                        onClick={() => setWidgetIndex(w.index)}
                      >
                        <Typography.Text type="secondary">
                          {t(`measures.${w.measure}`)}
                          {w.groupField ? ` · ${t('by')} ${w.groupField.startsWith('_') ? t(`meta.${w.groupField as '_created'}`) : (formFields(doc, w.form, i18n.language).find((f) => f.key === w.groupField)?.label ?? w.groupField)}` : ''}
                          {w.bucket ? ` (${t(`buckets.${w.bucket}`)})` : ''}
                        </Typography.Text>
                        {problems.map((p) => <div key={p.pointer}><Typography.Text type="danger">{p.message}</Typography.Text></div>)}
                        {!problems.length && <div style={{ fontSize: 28, color: '#bfbfbf', textAlign: 'center' }}>{ICONS[w.chart] ?? <DotChartOutlined />}</div>}
                      </Card>
                    </div>
                  );
                })}
              </GridLayout>
            )}
          </div>
        </Space>
      </Col>
      <Col xs={24} lg={9}>
        {current ? (
          <Card size="small" title={t('widget')}>
            <WidgetSettingsPanel
              key={current.key}
              doc={doc}
              value={current}
              problems={draft.problemsAt(pointerOf('dashboards', dash.index, 'widgets', current.index))}
              onChange={(s) => draft.edit((d) => setWidget(d, dash.index, current.index, s))}
            />
          </Card>
        ) : (
          <Empty description={t('pickWidget')} />
        )}
      </Col>
    </Row>
  );
}
