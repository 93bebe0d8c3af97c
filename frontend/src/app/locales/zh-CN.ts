import type { Widen } from '../../shared/i18n/locales/types';
import type { appEn } from './en';

/** 应用外框的中文文案（命名空间 app）。 */
export const appZhCN: Widen<typeof appEn> = {
  notFound: {
    title: '页面不存在',
    home: '返回工作区列表',
  },
};
