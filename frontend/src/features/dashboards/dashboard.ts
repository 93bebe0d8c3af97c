import type { AggregateGroup, FormDef, WidgetDef } from '../../shared/api/types';
import { fieldType } from '../../fields/registry';
import { displayValue, fieldLabels, type ValueTexts } from '../forms/schemaForm';

export interface ChartTexts extends ValueTexts {
  noValue: string;
  /** Names of the metric operations: count, sum, avg, min, max. */
  op: (op: string) => string;
  /** Names of the record members aggregations may group by (_stage, _created…), else undefined. */
  meta: (member: string) => string | undefined;
  /** The name of a record member's value (a run's status, whether overdue), else undefined. */
  metaValue: (member: string, value: unknown) => string | undefined;
}

export interface Metric {
  as: string;
  label: string;
  /** The operation (count, sum, avg, min, max); empty when the widget has no definition. */
  op: string;
}

/** ChartData is a widget's groups laid out for a chart: one category per group, one series per metric. */
export interface ChartData {
  dimensions: string[];
  categories: string[];
  metrics: Metric[];
  /** values[m][c] is metric m of category c (null when the group has none). */
  values: (number | null)[][];
  /**
   * The categories have an order of their own: grouped first by stage or by a select field,
   * the server answers in the pipeline's or the options' order, which a funnel keeps.
   */
  ordered: boolean;
}

function fieldName(form: FormDef | undefined, field: string, language: string, texts: ChartTexts): string {
  return texts.meta(field) ?? (form ? fieldLabels(form, language).get(field) : undefined) ?? field;
}

/**
 * chartData lays out a widget's aggregation result. The metrics and dimensions come from the
 * widget's definition (the data answer carries only the groups); without one they are read
 * off the groups. Category names are option labels, member names and the like.
 */
export function chartData(def: WidgetDef | undefined, groups: readonly AggregateGroup[], form: FormDef | undefined, language: string, texts: ChartTexts): ChartData {
  const metricDefs =
    def?.aggregation?.metrics ?? [...new Set(groups.flatMap((g) => Object.keys(g.values ?? {})))].map((as) => ({ op: '', as, field: undefined }));
  const dims = def?.aggregation?.groupBy?.map((g) => g.field) ?? [...new Set(groups.flatMap((g) => Object.keys(g.key ?? {})))];
  const props = form?.schema.properties ?? {};
  const metrics = metricDefs.map((m) => ({
    as: m.as,
    op: m.op,
    label: m.op === 'count' || !m.field ? texts.op(m.op || 'count') : `${texts.op(m.op)} · ${fieldName(form, m.field, language, texts)}`,
  }));
  const buckets = def?.aggregation?.groupBy?.map((g) => g.bucket) ?? [];
  const categories = groups.map((g) =>
    dims
      .map((d, i) => {
        const v = g.key?.[d];
        if (v === null || v === undefined || v === '') return texts.metaValue(d, null) ?? texts.noValue;
        const bucket = buckets[i];
        if (bucket && typeof v === 'string') return bucketLabel(bucket, v, language);
        return texts.metaValue(d, v) ?? (displayValue(props[d], v, language, texts) || String(v));
      })
      .join(' / '),
  );
  const values = metrics.map((m) => groups.map((g) => (typeof g.values?.[m.as] === 'number' ? (g.values[m.as] as number) : null)));
  const first = dims[0];
  const firstType = first ? (props[first]?.['x-formloom'] as { type?: string } | undefined)?.type : undefined;
  const ordered = first === '_stage' || (firstType !== undefined && fieldType(firstType)?.oneOption === true);
  return { dimensions: dims.map((d) => fieldName(form, d, language, texts)), categories, metrics, values, ordered };
}

/**
 * bucketLabel names a date bucket's key as the server gives it: "2026-01" for a month, the
 * first day ("2026-01-05") for a day or an ISO week. The key is a calendar date already in
 * the aggregation's time zone, so it is formatted as such, never shifted to the reader's.
 */
export function bucketLabel(bucket: string, key: string, language: string): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(key);
  if (!m) return key;
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1));
  const opts: Intl.DateTimeFormatOptions =
    bucket === 'month' ? { timeZone: 'UTC', year: 'numeric', month: 'short' } : { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' };
  return new Intl.DateTimeFormat(language, opts).format(at);
}

/**
 * numberValue is a number widget's figure: its first metric summed over its groups (one
 * group without groupBy). No records counted is 0, as a sum over none is (逾期线索 0, not
 * "—"); an average, minimum or maximum over none has no value (null).
 */
export function numberValue(data: ChartData): number | null {
  const first = data.values[0];
  if (!first || first.every((v) => v === null)) {
    const op = data.metrics[0]?.op;
    return op === 'count' || op === 'sum' ? 0 : null;
  }
  return first.reduce<number>((sum, v) => sum + (v ?? 0), 0);
}

/**
 * withUncheckedBoxes reads a checkbox left untouched as unchecked: a form sends nothing for
 * a box nobody ticked, so the server groups those records under "no value", and a pie of
 * 已转化为客户 over leads none of which was converted showed no data instead of one 否
 * slice. Their group joins the false one; metrics that cannot be combined exactly (an
 * average) keep the two apart.
 */
export function withUncheckedBoxes(def: WidgetDef | undefined, groups: readonly AggregateGroup[], form: FormDef | undefined): AggregateGroup[] {
  const dims = def?.aggregation?.groupBy?.map((g) => g.field) ?? [];
  const boxes = dims.filter((d) => form?.schema.properties?.[d]?.type === 'boolean');
  if (boxes.length === 0) return [...groups];
  const ops = new Map((def?.aggregation?.metrics ?? []).map((m) => [m.as, m.op]));
  const combinable = [...ops.values()].every((op) => op === 'count' || op === 'sum' || op === 'min' || op === 'max');
  const out: AggregateGroup[] = [];
  for (const g of groups) {
    const key = { ...g.key };
    for (const b of boxes) if (key[b] === null || key[b] === undefined) key[b] = false;
    const same = combinable ? out.find((o) => dims.every((d) => o.key[d] === key[d])) : undefined;
    if (!same) {
      out.push({ key, values: { ...g.values } });
      continue;
    }
    for (const [as, v] of Object.entries(g.values)) {
      const had = same.values[as];
      if (v === null || v === undefined) continue;
      if (had === null || had === undefined) same.values[as] = v;
      else same.values[as] = ops.get(as) === 'min' ? Math.min(had, v) : ops.get(as) === 'max' ? Math.max(had, v) : had + v;
    }
  }
  return out;
}

/** chartOption is the ECharts option of a bar, line, pie or funnel widget. */
export function chartOption(chart: string, data: ChartData): Record<string, unknown> {
  if (chart === 'pie' || chart === 'funnel') {
    const m = data.metrics[0];
    const points = data.categories.map((name, i) => ({ name, value: data.values[0]?.[i] ?? 0 }));
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        chart === 'pie'
          ? // Labels at the chart's edges, the ring small enough to leave them room: on a phone
            // a label beside a larger ring was cut to "已完…".
            {
              type: 'pie',
              name: m?.label,
              radius: ['28%', '52%'],
              center: ['50%', '45%'],
              label: { alignTo: 'edge', edgeDistance: 4, minMargin: 4 },
              labelLine: { length: 10, length2: 0 },
              data: points,
            }
          : // A funnel of stages reads from the first stage down, as the pipeline runs, not
            // from the largest count (which put 流转 above 收集).
            { type: 'funnel', name: m?.label, sort: data.ordered ? 'none' : 'descending', left: '10%', width: '80%', data: points },
      ],
    };
  }
  const type = chart === 'line' ? 'line' : 'bar';
  // Two metrics of different size (a count and an amount) each get their own axis.
  const twoAxes = data.metrics.length === 2;
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 8, right: 8, top: 24, bottom: 36, containLabel: true },
    xAxis: { type: 'category', data: data.categories },
    yAxis: twoAxes ? [{ type: 'value' }, { type: 'value' }] : { type: 'value' },
    series: data.metrics.map((m, i) => ({ type, name: m.label, data: data.values[i], yAxisIndex: twoAxes ? i : 0, smooth: type === 'line' })),
  };
}

/**
 * placedInReadingOrder pairs each widget's data with its definition. When every widget has
 * a place on the grid (the dashboard designer gives them all one once the admin moves any),
 * they come in reading order, top to bottom and left to right: a phone shows them one under
 * the other in the order the desktop grid reads.
 */
export function placedInReadingOrder<W extends WidgetDef>(data: W[], defs: WidgetDef[]): { w: W; wdef: WidgetDef }[] {
  const out = data.map((w) => ({ w, wdef: defs.find((x) => x.key === w.key) ?? w }));
  if (out.every(({ wdef }) => wdef.layout)) out.sort((a, b) => a.wdef.layout!.y - b.wdef.layout!.y || a.wdef.layout!.x - b.wdef.layout!.x);
  return out;
}
