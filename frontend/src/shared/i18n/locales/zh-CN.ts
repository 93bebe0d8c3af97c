import type { Messages } from './types';

/** 简体中文文案，键与 en.ts 一一对应。 */
export const zhCN: Messages = {
  app: {
    name: 'Formloom',
    tagline: '表单、流程与团队协作，一站搞定',
  },
  common: {
    selected: '已选 {{count}} 项',
    cancel: '取消',
    create: '创建',
    save: '保存',
    delete: '删除',
    edit: '编辑',
    close: '关闭',
    confirm: '确定',
    retry: '重试',
    actions: '操作',
    loading: '加载中…',
    none: '无',
    copy: '复制',
    copied: '已复制',
    back: '返回',
    previous: '上一页',
    next: '下一页',
    selectAll: '全选',
    stepUp: '增大数值',
    stepDown: '减小数值',
  },
  language: {
    label: '语言',
    'zh-CN': '简体中文',
    en: 'English',
  },
  header: {
    signOut: '退出登录',
    rename: '修改姓名',
    password: '修改密码',
    workspaces: '工作区',
  },
  roles: {
    owner: '所有者',
    admin: '管理员',
    member: '成员',
  },
  nav: {
    apps: '应用',
    inbox: '待办中心',
  },
  common2: {
    yes: '是',
    no: '否',
    signed: '已签名',
    fileCount_one: '{{count}} 个文件',
    fileCount_other: '{{count}} 个文件',
  },
  errors: {
    network: '无法连接服务器，请检查网络后重试。',
    badResponse: '服务器返回了无法识别的响应。',
    http: '请求失败（HTTP {{status}}）。',
    loadFailed: '数据加载失败',
  },
};
