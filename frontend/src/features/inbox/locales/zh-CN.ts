import type { Widen } from '../../../shared/i18n/locales/types';
import type { inboxEn } from './en';

/** 待办中心的中文文案（命名空间 inbox）。 */
export const inboxZhCN: Widen<typeof inboxEn> = {
  title: '待办中心',
  tabs: {
    todo: '待办',
    done: '已办',
    cc: '抄送我的',
    mine: '我发起的',
  },
  empty: '暂无内容',
  app: '应用',
  allApps: '全部应用',
  record: '记录',
  step: '节点',
  received: '接收时间',
  dueAt: '{{time}} 截止',
  actedAt: '处理时间',
  startedAt: '发起时间',
  loadMore: '加载更多',
  approveSelected: '批量同意',
  bulkTitle: '批量同意 {{count}} 项',
  bulkComment: '审批意见（可选，对所有选中项生效）',
  bulkDone: '已同意 {{count}} 项',
  bulkFailed: '{{count}} 项未能同意，请逐条打开处理：',
  bulkNoResult: '此记录没有返回结果',
};
