import type { Widen } from '../../../shared/i18n/locales/types';
import type { workspaceEn } from './en';

/** 工作区页面的中文文案：工作区列表、工作区标签页、应用与模板库（命名空间 workspace）。 */
export const workspaceZhCN: Widen<typeof workspaceEn> = {
  workspaces: {
    title: '工作区',
    create: '新建工作区',
    createTitle: '新建工作区',
    name: '工作区名称',
    namePlaceholder: '例如：销售部',
    nameRequired: '请输入工作区名称',
    empty: '您还没有加入任何工作区',
    created: '创建于 {{date}}',
    open: '进入',
  },
  workspace: {
    notFound: '工作区不存在',
    tabs: {
      members: '成员',
      departments: '部门',
      apps: '应用',
      notifications: '通知',
    },
  },
  apps: {
    empty: '还没有应用，可从模板库安装。',
    emptyMember: '还没有您可以使用的应用。',
    install: '从模板库安装',
    galleryTitle: '模板库',
    installButton: '安装',
    installed: '已安装“{{name}}”',
    forms: '{{count}} 个表单',
    version: '第 {{n}} 版',
    notPublished: '尚未发布',
    starter: '官方模板',
    saved: '已保存',
    noForms: '此应用还没有表单',
    notFound: '应用不存在',
    sampleData: '同时添加示例数据（官方模板）',
  },
};
