import type { Widen } from '../../../shared/i18n/locales/types';
import type { orgEn } from './en';

/** 部门页的中文文案：部门树、新建与编辑部门（命名空间 org）。 */
export const orgZhCN: Widen<typeof orgEn> = {
  create: '新建部门',
  createTitle: '新建部门',
  addChild: '添加子部门',
  editTitle: '编辑部门',
  name: '部门名称',
  nameRequired: '请输入部门名称',
  parent: '上级部门',
  parentPlaceholder: '无（顶级部门）',
  head: '负责人',
  headPlaceholder: '请选择成员',
  members: '成员数',
  created: '部门已创建',
  updated: '部门已更新',
  deleteConfirm: '确定删除部门“{{name}}”吗？',
  deleteHasChildren: '请先删除其下级部门。',
  deleted: '部门已删除',
  empty: '暂无部门',
};
