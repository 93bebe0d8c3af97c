import type { Widen } from '../../../shared/i18n/locales/types';
import type { searchEn } from './en';

/** 跨应用搜索的中文文案（命名空间 search）。 */
export const searchZhCN: Widen<typeof searchEn> = {
  open: '搜索',
  placeholder: '在所有应用中搜索数据',
  title: '搜索',
  allApps: '全部应用',
  app: '应用',
  created: '创建日期',
  from: '开始日期',
  to: '结束日期',
  empty: '没有找到匹配的数据',
  hint: '输入名称、编号或词语的任意部分，在您能查看的所有应用中查找。',
  partial: '仅显示前面的结果，请缩小搜索范围查看更多。',
  failed: '搜索失败',
  in: '匹配字段：{{field}}',
};
