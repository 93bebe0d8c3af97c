import type { Widen } from '../../../../shared/i18n/locales/types';
import type { formsEn } from './en';

/** 表单设计器自身部件的中文文案（命名空间 forms）。 */
export const formsZhCN: Widen<typeof formsEn> = {
  blank: {
    button: '新建空白应用',
    title: '新建空白应用',
    name: '应用名称',
    create: '创建并设计',
    nameRequired: '请填写应用名称。',
  },
  visible: {
    label: '显示条件',
    hint: '记录满足条件时才显示该字段并保留其值；不设条件则始终显示。',
    custom: '该条件为手写，条件构建器无法读取，将原样保留，除非您替换它。',
    replace: '替换为新条件',
  },
  subform: {
    addColumn: '添加列',
    dropHint: '把字段类型拖到这里添加列；拖动列的把手调整顺序，点击列进行编辑。',
    rows: '行数',
    minRows: '至少',
    maxRows: '至多',
  },
  width: {
    label: '宽度',
    hint: '宽屏时在一行中所占的宽度；手机上每个字段占满一行。',
    full: '整行',
    half: '1/2',
    third: '1/3',
  },
  section: {
    title: '分组',
    add: '添加分组',
    none: '暂无分组：字段依次排列。分组把字段归到一个标题下。',
    nameZh: '标题（中文）',
    nameEn: '标题（英文）',
    fields: '分组中的字段',
    collapsible: '可折叠',
    collapsed: '默认折叠',
    remove: '删除分组',
    defaultTitle: '分组',
  },
  requiredWhen: {
    label: '必填条件',
    hint: '记录满足条件时该字段必须填写（表单与服务器都会检查）。',
    others: '以下手写规则也可能使该字段必填（原样保留）：',
  },
  formula: {
    label: '公式',
    preview: '按示例数据计算：{{value}}',
    noValue: '（无结果）',
    fn: {
      SUM: '求和（数字或子表单列）',
      AVG: '平均值',
      MIN: '最小值',
      MAX: '最大值',
      COUNT: '值或行的个数',
      ROUND: '四舍五入到 n 位小数',
      IF: 'IF(条件, 成立时, 否则)',
      CONCAT: '依次连接文本',
      LEN: '文本或列表的长度',
      UPPER: '转为大写',
      LOWER: '转为小写',
      TODAY: '今天的日期',
      NOW: '当前时间',
      DATEDIF: 'DATEDIF(开始, 结束, "d"|"m"|"y")',
      DATEADD: 'DATEADD(日期, n, "d"|"m"|"y")',
      NETWORKDAYS: '开始到结束之间的工作日天数（按工作日历）',
      WORKDAY: 'n 个工作日之后的日期（按工作日历）',
    },
  },
};
