import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the charts dashboards use, so the bundle carries no more of ECharts than that.
echarts.use([BarChart, LineChart, PieChart, FunnelChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Chart draws one ECharts option and follows its box's size; it is loaded with dashboards only. */
export default function Chart({ option, height = 280 }: { option: Record<string, unknown>; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>();

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const c = echarts.init(el);
    chart.current = c;
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => c.resize());
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      c.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} style={{ height, width: '100%' }} data-testid="chart" />;
}
