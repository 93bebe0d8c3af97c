import type { Widen } from '../../../shared/i18n/locales/types';
import type { authEn } from './en';

/** 登录与受邀账号设置的中文文案（命名空间 auth）。 */
export const authZhCN: Widen<typeof authEn> = {
  login: {
    title: '登录 Formloom',
    email: '邮箱',
    password: '密码',
    submit: '登录',
    emailRequired: '请输入邮箱',
    emailInvalid: '请输入有效的邮箱地址',
    passwordRequired: '请输入密码',
    tooManyAttempts: '尝试次数过多，请 {{seconds}} 秒后再试。',
  },
  setup: {
    title: '设置账号',
    subtitle: '您已受邀加入工作区“{{workspace}}”。',
    email: '邮箱',
    name: '姓名',
    namePlaceholder: '同事将看到的名称',
    password: '密码',
    passwordHint: '至少 8 位',
    passwordRequired: '请设置密码',
    passwordTooShort: '密码至少 8 位',
    confirmPassword: '确认密码',
    confirmRequired: '请再次输入密码',
    mismatch: '两次输入的密码不一致',
    submit: '创建账号并加入',
    invalidTitle: '该链接无法使用',
    invalidHint: '链接可能已过期或已被使用，请联系工作区管理员重新邀请。',
    goToLogin: '前往登录',
  },
};
