import type { Widen } from '../../../shared/i18n/locales/types';
import type { designersEn } from './en';

/** 应用设计器外壳的中文文案（命名空间 designers）。 */
export const designersZhCN: Widen<typeof designersEn> = {
  parts: {
    forms: '表单',
    flow: '流程',
    permissions: '角色与权限',
    views: '视图',
    dashboards: '仪表盘',
    automations: '自动化',
  },
  undo: '撤销',
  redo: '重做',
  undoHint: '撤销（Ctrl+Z）',
  redoHint: '重做（Ctrl+Shift+Z）',
  otherProblem: '应用设置',
};
