import { describe, expect, it } from 'vitest';
import type { FormDef, WidgetDef } from '../../shared/api/types';
import { bucketLabel, chartData, chartOption, numberValue, placedInReadingOrder, withUncheckedBoxes, type ChartTexts } from './dashboard';

const form: FormDef = {
  key: 'contract',
  name: 'Contract',
  schema: {
    type: 'object',
    properties: {
      type: {
        type: 'string',
        'x-formloom': { type: 'select', label: { en: 'Type', 'zh-CN': '类型' }, options: [{ value: 'sales', label: { en: 'Sales', 'zh-CN': '销售合同' } }] },
      },
      amount: { type: 'number', 'x-formloom': { type: 'money', label: { en: 'Amount', 'zh-CN': '金额' } } },
      signedOff: { type: 'boolean', 'x-formloom': { type: 'checkbox', label: { en: 'Signed off', 'zh-CN': '已签署' } } },
    },
  },
};

const texts: ChartTexts = {
  yes: 'Yes',
  no: 'No',
  noValue: 'No value',
  op: (op) => ({ count: 'Count', sum: 'Sum' })[op] ?? op,
  meta: (m) => (m === '_stage' ? 'Stage' : undefined),
  metaValue: () => undefined,
};

const byType: WidgetDef = {
  key: 'by_type',
  name: 'Amount by type',
  form: 'contract',
  chart: 'bar',
  aggregation: { groupBy: [{ field: 'type' }], metrics: [{ op: 'count', as: 'n' }, { op: 'sum', field: 'amount', as: 'amount' }] },
};

describe('chartData', () => {
  it('lays out one category per group and one series per metric, with option labels', () => {
    const data = chartData(
      byType,
      [
        { key: { type: 'sales' }, values: { n: 1, amount: 260000 } },
        { key: { type: null }, values: { n: 2, amount: null } },
      ],
      form,
      'zh-CN',
      texts,
    );
    expect(data.categories).toEqual(['销售合同', 'No value']);
    expect(data.dimensions).toEqual(['类型']);
    expect(data.metrics).toEqual([
      { as: 'n', label: 'Count', op: 'count' },
      { as: 'amount', label: 'Sum · 金额', op: 'sum' },
    ]);
    expect(data.values).toEqual([
      [1, 2],
      [260000, null],
    ]);
  });

  it('gives number widgets their single figure and names meta members', () => {
    const count: WidgetDef = { key: 'count', name: 'Contracts', form: 'contract', chart: 'number', aggregation: { metrics: [{ op: 'count', as: 'n' }] } };
    expect(numberValue(chartData(count, [{ key: {}, values: { n: 4 } }], form, 'en', texts))).toBe(4);
    // Nothing counted, or summed, is 0; an average over nothing has no value.
    expect(numberValue(chartData(count, [], form, 'en', texts))).toBe(0);
    const total: WidgetDef = { key: 't', name: 'T', form: 'contract', chart: 'number', aggregation: { metrics: [{ op: 'sum', field: 'amount', as: 'a' }] } };
    expect(numberValue(chartData(total, [{ key: {}, values: { a: null } }], form, 'en', texts))).toBe(0);
    const avg: WidgetDef = { key: 'v', name: 'V', form: 'contract', chart: 'number', aggregation: { metrics: [{ op: 'avg', field: 'amount', as: 'a' }] } };
    expect(numberValue(chartData(avg, [], form, 'en', texts))).toBeNull();
    const stage = chartData(undefined, [{ key: { _stage: '主管审核' }, values: { n: 3 } }], form, 'en', texts);
    expect(stage.dimensions).toEqual(['Stage']);
    expect(stage.categories).toEqual(['主管审核']);
  });

  it("names a run's status and a month's bucket as a person reads them, not as stored", () => {
    const named: ChartTexts = {
      ...texts,
      metaValue: (m, v) => (m === '_flowStatus' && v === 'running' ? '进行中' : m === '_flowStatus' && v === null ? '未提交' : undefined),
    };
    const status: WidgetDef = { key: 's', name: 'S', form: 'contract', chart: 'pie', aggregation: { groupBy: [{ field: '_flowStatus' }], metrics: [{ op: 'count', as: 'n' }] } };
    expect(chartData(status, [{ key: { _flowStatus: 'running' }, values: { n: 2 } }], form, 'zh-CN', named).categories).toEqual(['进行中']);
    // Records without a run are named as such, not as a field left empty.
    expect(chartData(status, [{ key: { _flowStatus: null }, values: { n: 2 } }], form, 'zh-CN', named).categories).toEqual(['未提交']);
    const monthly: WidgetDef = { key: 'm', name: 'M', form: 'contract', chart: 'line', aggregation: { groupBy: [{ field: 'signed', bucket: 'month' }], metrics: [{ op: 'count', as: 'n' }] } };
    const months = chartData(monthly, [{ key: { signed: '2026-01' }, values: { n: 1 } }, { key: { signed: '2026-12' }, values: { n: 3 } }], form, 'zh-CN', named);
    expect(months.categories).toEqual(['2026年1月', '2026年12月']);
    expect(bucketLabel('month', '2026-03', 'en')).toBe('Mar 2026');
    expect(bucketLabel('day', '2026-01-05', 'zh-CN')).toBe('2026/1/5');
  });
});

describe('chartOption', () => {
  const data = chartData(byType, [{ key: { type: 'sales' }, values: { n: 1, amount: 5 } }], form, 'en', texts);

  it('draws bars and lines on a category axis, a count and an amount on their own axes', () => {
    const bar = chartOption('bar', data) as { xAxis: { data: string[] }; series: { type: string; yAxisIndex: number }[] };
    expect(bar.xAxis.data).toEqual(['Sales']);
    expect(bar.series.map((s) => [s.type, s.yAxisIndex])).toEqual([
      ['bar', 0],
      ['bar', 1],
    ]);
    expect((chartOption('line', data) as { series: { type: string }[] }).series[0]!.type).toBe('line');
  });

  it('draws pies and funnels from the first metric', () => {
    for (const chart of ['pie', 'funnel']) {
      const opt = chartOption(chart, data) as { series: { type: string; data: { name: string; value: number }[] }[] };
      expect(opt.series).toHaveLength(1);
      expect(opt.series[0]!.type).toBe(chart);
      expect(opt.series[0]!.data).toEqual([{ name: 'Sales', value: 1 }]);
    }
  });

  it('keeps a funnel of stages or options in the order answered, and sorts any other by size', () => {
    const funnelSort = (field: string) => {
      const def: WidgetDef = { key: 'f', name: 'f', form: 'contract', chart: 'funnel', aggregation: { groupBy: [{ field }], metrics: [{ op: 'count', as: 'n' }] } };
      const d = chartData(def, [{ key: { [field]: 'a' }, values: { n: 1 } }, { key: { [field]: 'b' }, values: { n: 5 } }], form, 'en', texts);
      const opt = chartOption('funnel', d) as { series: { sort: string; data: { name: string }[] }[] };
      return [opt.series[0]!.sort, opt.series[0]!.data.map((p) => p.name).join()];
    };
    expect(funnelSort('_stage')).toEqual(['none', 'a,b']);
    expect(funnelSort('type')[0]).toBe('none');
    expect(funnelSort('amount')[0]).toBe('descending');
  });

  it("leaves a pie's labels room on a phone: labels at the edges, a ring at most 55% of the radius", () => {
    const pie = (chartOption('pie', data) as { series: { radius: string[]; label: { alignTo: string } }[] }).series[0]!;
    expect(pie.label.alignTo).toBe('edge');
    expect(parseFloat(pie.radius[1]!)).toBeLessThanOrEqual(55);
  });
});

describe('placedInReadingOrder', () => {
  const w = (key: string, layout?: WidgetDef['layout']): WidgetDef => ({ key, name: key, form: 'contract', chart: 'bar', ...(layout ? { layout } : {}) });

  it('reads widgets the designer placed top to bottom, left to right, with their places', () => {
    const defs = [w('chart', { x: 0, y: 2, w: 12, h: 4 }), w('right', { x: 6, y: 0, w: 6, h: 2 }), w('left', { x: 0, y: 0, w: 6, h: 2 })];
    const out = placedInReadingOrder([w('chart'), w('right'), w('left')], defs);
    expect(out.map((x) => x.w.key)).toEqual(['left', 'right', 'chart']);
    expect(out[2]!.wdef.layout).toEqual({ x: 0, y: 2, w: 12, h: 4 });
  });

  it('keeps the template order when a widget has no place', () => {
    const defs = [w('b', { x: 0, y: 4, w: 6, h: 2 }), w('a')];
    expect(placedInReadingOrder([w('b'), w('a')], defs).map((x) => x.w.key)).toEqual(['b', 'a']);
  });
});

describe('a checkbox no one ticked', () => {
  const bySigned = (metrics: { op: string; field?: string; as: string }[]): WidgetDef => ({
    key: 's',
    name: 'S',
    form: 'contract',
    chart: 'pie',
    aggregation: { groupBy: [{ field: 'signedOff' }], metrics },
  });

  it('counts as unchecked: its group joins the false one and is charted as No', () => {
    const def = bySigned([
      { op: 'count', as: 'n' },
      { op: 'sum', field: 'amount', as: 'a' },
    ]);
    const groups = withUncheckedBoxes(
      def,
      [
        { key: { signedOff: null }, values: { n: 4, a: 100 } },
        { key: { signedOff: false }, values: { n: 1, a: null } },
        { key: { signedOff: true }, values: { n: 2, a: 50 } },
      ],
      form,
    );
    expect(groups).toEqual([
      { key: { signedOff: false }, values: { n: 5, a: 100 } },
      { key: { signedOff: true }, values: { n: 2, a: 50 } },
    ]);
    expect(chartData(def, withUncheckedBoxes(def, [{ key: { signedOff: null }, values: { n: 6 } }], form), form, 'en', texts).categories).toEqual(['No']);
  });

  it('keeps averages apart, and leaves other fields alone', () => {
    const def = bySigned([{ op: 'avg', field: 'amount', as: 'a' }]);
    const groups = [
      { key: { signedOff: null }, values: { a: 10 } },
      { key: { signedOff: false }, values: { a: 30 } },
    ];
    expect(withUncheckedBoxes(def, groups, form)).toEqual([
      { key: { signedOff: false }, values: { a: 10 } },
      { key: { signedOff: false }, values: { a: 30 } },
    ]);
    const byType: WidgetDef = { key: 't', name: 'T', form: 'contract', chart: 'pie', aggregation: { groupBy: [{ field: 'type' }], metrics: [{ op: 'count', as: 'n' }] } };
    const typed = [{ key: { type: null }, values: { n: 3 } }];
    expect(withUncheckedBoxes(byType, typed, form)).toEqual(typed);
  });
});
