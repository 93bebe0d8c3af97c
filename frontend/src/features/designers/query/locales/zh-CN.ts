import type { Widen } from '../../../../shared/i18n/locales/types';
import type { designerQueryEn } from './en';

export const designerQueryZhCN: Widen<typeof designerQueryEn> = {
  addRule: '+ 条件',
  addGroup: '+ 条件组',
  remove: '删除',
  combinator: '组合方式',
  and: '满足全部',
  or: '满足任一',
  yes: '是',
  no: '否',
  noFields: '该表单还没有字段。',
  missingValue: '请填写值，否则该条件不匹配任何记录',
  param: { currentUser: '当前成员', today: '今天', now: '现在', fixedDate: '指定日期' },
  pickDate: '选择日期',
  dateOp: { lt: '早于', lte: '不晚于', gt: '晚于', gte: '不早于' },
  op: {
    eq: '等于',
    ne: '不等于',
    lt: '小于',
    lte: '小于等于',
    gt: '大于',
    gte: '大于等于',
    in: '属于',
    nin: '不属于',
    contains: '包含',
    startsWith: '开头是',
    exists: '有值',
  },
};
