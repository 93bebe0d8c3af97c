import type { Widen } from '../../../shared/i18n/locales/types';
import type { viewsEn } from './en';

/** 应用视图（看板、表格）的中文文案（命名空间 views）。 */
export const viewsZhCN: Widen<typeof viewsEn> = {
  sectionsLabel: '查看',
  sections: {
    records: '数据',
    views: '视图',
    dashboards: '仪表盘',
  },
  none: '此应用没有视图',
  kanban: '看板',
  table: '表格',
  calendar: '日历',
  calendarNoDate: '你看不到此日历所用的日期字段。',
  calendarMore_one: '本月记录超出日历可显示的数量，仅显示前 {{count}} 条。',
  calendarMore_other: '本月记录超出日历可显示的数量，仅显示前 {{count}} 条。',
  noValue: '未填写',
  emptyColumn: '暂无记录',
  moreInColumn: '还有 {{count}} 条',
  fileCount_one: '{{count}} 个文件',
  fileCount_other: '{{count}} 个文件',
  updated: '更新时间',
};
