import type { Widen } from '../../../shared/i18n/locales/types';
import type { memberRolesEn } from './en';

export const memberRolesZhCN: Widen<typeof memberRolesEn> = {
  column: '应用角色',
  none: '无',
  edit: '应用角色',
  title: '{{name}} 的应用角色',
  viaDepartment: '通过部门 {{department}}',
  app: '应用',
  role: '角色',
  pickApp: '选择应用',
  pickRole: '选择角色',
  add: '分配角色',
  added: '已分配角色',
  remove: '收回',
  removed: '已收回角色',
  noApps: '还没有已发布的应用',
  loadFailed: '无法加载角色',
};
