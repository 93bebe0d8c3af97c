import { describe, expect, it } from 'vitest';
import type { Template } from '../form/designer';
import { addDashboard, addWidget, aggregationOf, dashboards, isEmptyResult, removeWidget, renameDashboard, setPlaces, setWidget } from './model';

const base = (): Template => ({
  key: 'c',
  forms: [{ key: 'contract', name: { 'zh-CN': '合同' }, schema: { type: 'object', properties: {} } }],
  dashboards: [
    {
      key: 'overview',
      name: { 'zh-CN': '概览' },
      widgets: [
        { key: 'n', name: { 'zh-CN': '数量' }, form: 'contract', chart: 'number', aggregation: { metrics: [{ op: 'count', as: 'n' }] }, width: 'third' },
        { key: 'by', name: { 'zh-CN': '类型' }, form: 'contract', chart: 'bar', aggregation: { groupBy: [{ field: 'type' }], metrics: [{ op: 'sum', field: 'amount', as: 'a' }] }, width: 'half' },
      ],
    },
  ],
});

describe('dashboards model', () => {
  it('reads widgets with grid places derived from their width', () => {
    const d = dashboards(base())[0]!;
    expect(d.widgets.map((w) => w.layout)).toEqual([
      { x: 0, y: 0, w: 4, h: 2 },
      { x: 4, y: 0, w: 6, h: 4 },
    ]);
    expect(d.widgets[1]).toMatchObject({ chart: 'bar', measure: 'sum', field: 'amount', groupField: 'type' });
  });

  it('writes measure, date bucket grouping and filter as an aggregation', () => {
    expect(aggregationOf({ name: 'x', form: 'contract', chart: 'bar', measure: 'avg', field: 'amount', groupField: 'signDate', bucket: 'month', filter: { field: 'type', op: 'eq', value: 'sales' } })).toEqual({
      metrics: [{ op: 'avg', as: 'value', field: 'amount' }],
      groupBy: [{ field: 'signDate', bucket: 'month' }],
      filter: { field: 'type', op: 'eq', value: 'sales' },
    });
    // A number card has no grouping; count needs no field.
    expect(aggregationOf({ name: 'x', form: 'contract', chart: 'number', measure: 'count', field: 'amount', groupField: 'type' })).toEqual({ metrics: [{ op: 'count', as: 'value' }] });
  });

  it('adds, edits, arranges and removes widgets without touching the input', () => {
    const t = base();
    const frozen = structuredClone(t);
    let n = addWidget(t, 0, 'month', { name: '按月', form: 'contract', chart: 'line', measure: 'count', groupField: '_created', bucket: 'month' });
    let d = dashboards(n)[0]!;
    expect(d.widgets[2]).toMatchObject({ key: 'month', chart: 'line', bucket: 'month', layout: { x: 0, y: 4, w: 6, h: 4 } });
    n = setWidget(n, 0, 2, { ...d.widgets[2]!, chart: 'pie' });
    expect(dashboards(n)[0]!.widgets[2]!.chart).toBe('pie');
    n = setPlaces(n, 0, { month: { x: 6, y: 0, w: 6, h: 5 } });
    d = dashboards(n)[0]!;
    expect(d.widgets[2]!.layout).toEqual({ x: 6, y: 0, w: 6, h: 5 });
    expect(setPlaces(n, 0, { month: { x: 6, y: 0, w: 6, h: 5 } })).toBe(n);
    expect(dashboards(removeWidget(n, 0, 0))[0]!.widgets.map((w) => w.key)).toEqual(['by', 'month']);
    expect(t).toEqual(frozen);
  });

  it('keeps the metrics beyond the first when a widget is edited', () => {
    const t = base();
    (t.dashboards as { widgets: { aggregation: unknown }[] }[])[0]!.widgets[1]!.aggregation = {
      groupBy: [{ field: 'type' }],
      metrics: [{ op: 'count', as: 'n' }, { op: 'sum', field: 'amount', as: 'total' }],
    };
    const w = dashboards(t)[0]!.widgets[1]!;
    const n = setWidget(t, 0, 1, { ...w, groupField: 'stage' });
    expect((n.dashboards as { widgets: { aggregation: unknown }[] }[])[0]!.widgets[1]!.aggregation).toEqual({
      metrics: [{ op: 'count', as: 'value' }, { op: 'sum', field: 'amount', as: 'total' }],
      groupBy: [{ field: 'stage' }],
    });
  });

  it('adds and renames dashboards', () => {
    const t = renameDashboard(addDashboard(base(), 'sales', '销售'), 1, '销售看板', 'Sales');
    expect(dashboards(t).map((d) => [d.key, d.name])).toEqual([
      ['overview', { 'zh-CN': '概览' }],
      ['sales', { 'zh-CN': '销售看板', en: 'Sales' }],
    ]);
  });

  it('treats no groups, or only the no-value group, as empty', () => {
    expect(isEmptyResult([])).toBe(true);
    expect(isEmptyResult([{ key: { type: null }, values: { value: 3 } }])).toBe(true);
    expect(isEmptyResult([{ key: {}, values: { value: 0 } }])).toBe(true);
    expect(isEmptyResult([{ key: { type: 'sales' }, values: { value: 3 } }])).toBe(false);
  });
});
