import type { Widen } from '../../../shared/i18n/locales/types';
import type { dashboardsEn } from './en';

/** 应用仪表盘的中文文案（命名空间 dashboards）。 */
export const dashboardsZhCN: Widen<typeof dashboardsEn> = {
  none: '此应用没有仪表盘',
  noData: '暂无数据',
  noRun: '未提交',
  member: '全部成员',
  department: '全部部门',
  ops: {
    count: '数量',
    sum: '合计',
    avg: '平均',
    min: '最小',
    max: '最大',
  },
};
