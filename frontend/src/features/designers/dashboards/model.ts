import type { JsonObject, Template } from '../form/designer';

/**
 * The dashboards model: pure functions over the template's `dashboards`
 * (docs/template-format.md#dashboards). A widget is edited as a chart, a measure (count, or
 * sum/avg/min/max of a number field), an optional grouping (a field, or a date field in
 * day/week/month buckets) and a filter; it is stored as the query language's aggregation.
 * Its place on the 12-column grid is `layout` {x, y, w, h}.
 */

export const CHARTS = ['number', 'bar', 'line', 'pie', 'funnel', 'table'] as const;
export type Chart = (typeof CHARTS)[number];
export const MEASURES = ['count', 'sum', 'avg', 'min', 'max'] as const;
export type Measure = (typeof MEASURES)[number];
export const BUCKETS = ['day', 'week', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];
export const GRID_COLS = 12;

export interface GridPlace {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What the widget settings show; written back with setWidget. */
export interface WidgetSettings {
  name: string;
  form: string;
  chart: Chart;
  measure: Measure;
  /** The field measured (not for count). */
  field?: string;
  groupField?: string;
  bucket?: Bucket;
  filter?: JsonObject;
}

export interface WidgetModel extends WidgetSettings {
  index: number;
  key: string;
  layout: GridPlace;
}

export interface DashboardModel {
  index: number;
  key: string;
  name: JsonObject;
  widgets: WidgetModel[];
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function all(doc: Template): JsonObject[] {
  return Array.isArray(doc.dashboards) ? (doc.dashboards as unknown[]).filter(isObject) : [];
}

function widgetsOf(d: JsonObject): JsonObject[] {
  return Array.isArray(d.widgets) ? d.widgets.filter(isObject) : [];
}

const WIDTH_COLS: Record<string, number> = { full: 12, half: 6, third: 4 };

/** defaultPlaces lays widgets without a layout out in reading order, as their width says. */
function defaultPlaces(ws: JsonObject[]): GridPlace[] {
  let x = 0;
  let y = 0;
  let rowH = 0;
  return ws.map((w) => {
    const l = isObject(w.layout) ? w.layout : undefined;
    if (l && typeof l.x === 'number' && typeof l.y === 'number' && typeof l.w === 'number' && typeof l.h === 'number') {
      return { x: l.x, y: l.y, w: l.w, h: l.h };
    }
    const cols = WIDTH_COLS[String(w.width ?? 'full')] ?? 12;
    const h = w.chart === 'number' ? 2 : 4;
    if (x + cols > GRID_COLS) {
      x = 0;
      y += rowH;
      rowH = 0;
    }
    const place = { x, y, w: cols, h };
    x += cols;
    rowH = Math.max(rowH, h);
    return place;
  });
}

function readWidget(w: JsonObject, index: number, layout: GridPlace): WidgetModel {
  const agg = isObject(w.aggregation) ? w.aggregation : {};
  const metric = Array.isArray(agg.metrics) && isObject(agg.metrics[0]) ? agg.metrics[0] : {};
  const group = Array.isArray(agg.groupBy) && isObject(agg.groupBy[0]) ? agg.groupBy[0] : undefined;
  const name = isObject(w.name) ? String(w.name['zh-CN'] ?? w.name.en ?? '') : String(w.name ?? '');
  return {
    index,
    key: String(w.key ?? ''),
    name,
    form: String(w.form ?? ''),
    chart: (CHARTS as readonly string[]).includes(String(w.chart)) ? (w.chart as Chart) : 'bar',
    measure: (MEASURES as readonly string[]).includes(String(metric.op)) ? (metric.op as Measure) : 'count',
    field: typeof metric.field === 'string' ? metric.field : undefined,
    groupField: group && typeof group.field === 'string' ? group.field : undefined,
    bucket: group && typeof group.bucket === 'string' ? (group.bucket as Bucket) : undefined,
    filter: isObject(agg.filter) ? agg.filter : undefined,
    layout,
  };
}

/** dashboards lists the template's dashboards with their widgets and grid places. */
export function dashboards(doc: Template): DashboardModel[] {
  return all(doc).map((d, index) => {
    const ws = widgetsOf(d);
    const places = defaultPlaces(ws);
    return { index, key: String(d.key ?? ''), name: isObject(d.name) ? d.name : {}, widgets: ws.map((w, i) => readWidget(w, i, places[i]!)) };
  });
}

/** aggregationOf writes widget settings as a query-language aggregation. */
export function aggregationOf(s: WidgetSettings): JsonObject {
  const metric: JsonObject = { op: s.measure, as: 'value' };
  if (s.measure !== 'count' && s.field) metric.field = s.field;
  const agg: JsonObject = { metrics: [metric] };
  if (s.chart !== 'number' && s.groupField) {
    const g: JsonObject = { field: s.groupField };
    if (s.bucket) g.bucket = s.bucket;
    agg.groupBy = [g];
  }
  if (s.filter && Object.keys(s.filter).length > 0) agg.filter = s.filter;
  return agg;
}

function withDashboard(doc: Template, index: number, fn: (d: JsonObject) => JsonObject): Template {
  const list = all(doc);
  if (!list[index]) return doc;
  const out = [...list];
  out[index] = fn({ ...list[index]! });
  return { ...doc, dashboards: out };
}

export function addDashboard(doc: Template, key: string, zh: string): Template {
  if (all(doc).some((d) => d.key === key)) return doc;
  return { ...doc, dashboards: [...all(doc), { key, name: { 'zh-CN': zh || key }, widgets: [] }] };
}

export function removeDashboard(doc: Template, index: number): Template {
  if (!all(doc)[index]) return doc;
  return { ...doc, dashboards: all(doc).filter((_, i) => i !== index) };
}

export function renameDashboard(doc: Template, index: number, zh: string, en: string): Template {
  if (!zh.trim()) return doc;
  const name: JsonObject = { 'zh-CN': zh.trim() };
  if (en.trim()) name.en = en.trim();
  return withDashboard(doc, index, (d) => ({ ...d, name }));
}

/** addWidget puts a new widget below the others, full width for charts. */
export function addWidget(doc: Template, index: number, key: string, s: WidgetSettings): Template {
  const d = dashboards(doc)[index];
  if (!d || d.widgets.some((w) => w.key === key)) return doc;
  const bottom = d.widgets.reduce((m, w) => Math.max(m, w.layout.y + w.layout.h), 0);
  const layout = { x: 0, y: bottom, w: s.chart === 'number' ? 4 : 6, h: s.chart === 'number' ? 2 : 4 };
  const w: JsonObject = { key, name: { 'zh-CN': s.name || key }, form: s.form, chart: s.chart, aggregation: aggregationOf(s), layout };
  return withDashboard(doc, index, (x) => ({ ...x, widgets: [...widgetsOf(x), w] }));
}

export function removeWidget(doc: Template, index: number, widget: number): Template {
  return withDashboard(doc, index, (x) => ({ ...x, widgets: widgetsOf(x).filter((_, i) => i !== widget) }));
}

/** setWidget writes a widget's settings (name, form, chart, aggregation), keeping its place. */
export function setWidget(doc: Template, index: number, widget: number, s: WidgetSettings): Template {
  return withDashboard(doc, index, (x) => {
    const ws = [...widgetsOf(x)];
    const old = ws[widget];
    if (!old) return x;
    const name = isObject(old.name) ? { ...old.name, 'zh-CN': s.name || String(old.key) } : { 'zh-CN': s.name || String(old.key) };
    // The designer edits the first metric; further ones (a count beside a sum) are kept.
    const oldAgg = isObject(old.aggregation) ? old.aggregation : {};
    const rest = Array.isArray(oldAgg.metrics) ? oldAgg.metrics.slice(1) : [];
    const agg = aggregationOf(s);
    if (rest.length > 0 && s.chart !== 'number') agg.metrics = [...(agg.metrics as JsonObject[]), ...rest];
    ws[widget] = { ...old, name, form: s.form, chart: s.chart, aggregation: agg };
    return { ...x, widgets: ws };
  });
}

/**
 * setPlaces writes the grid places the admin dragged and resized to (by widget key); a
 * widget's old `width` gives way to its place. Unchanged places leave the template as is.
 */
export function setPlaces(doc: Template, index: number, places: Record<string, GridPlace>): Template {
  const d = dashboards(doc)[index];
  if (!d) return doc;
  const changed = d.widgets.some((w) => {
    const p = places[w.key];
    return p && (p.x !== w.layout.x || p.y !== w.layout.y || p.w !== w.layout.w || p.h !== w.layout.h);
  });
  if (!changed) return doc;
  return withDashboard(doc, index, (x) => ({
    ...x,
    widgets: widgetsOf(x).map((w) => {
      const p = places[String(w.key)];
      if (!p) return w;
      const next: JsonObject = { ...w, layout: { x: p.x, y: p.y, w: p.w, h: p.h } };
      delete next.width;
      return next;
    }),
  }));
}

/**
 * isEmptyResult says whether a widget's groups hold no data worth a chart: none at all, or
 * only the group of records without a value (which would draw a single "no value" slice).
 */
export function isEmptyResult(groups: readonly { key?: Record<string, unknown>; values?: Record<string, number | null> }[]): boolean {
  if (groups.length === 0) return true;
  return groups.every((g) => {
    const keys = Object.values(g.key ?? {});
    const noKey = keys.length > 0 && keys.every((k) => k === null || k === undefined || k === '');
    const noValue = Object.values(g.values ?? {}).every((v) => v === null || v === 0);
    return noKey || noValue;
  });
}
