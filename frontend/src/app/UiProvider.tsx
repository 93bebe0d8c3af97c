import { App as AntApp, ConfigProvider, theme } from 'antd';
// The ES module builds: antd/locale/* are CommonJS re-exports whose default import comes out
// as { default: locale } in the bundle, which antd then ignores, leaving the pickers in English.
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../shared/i18n';
import { useStepLabels } from './useStepLabels';

const FONT =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang SC', " +
  "'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans', sans-serif";

const THEME = {
  algorithm: theme.defaultAlgorithm,
  token: { colorPrimary: '#1677ff', borderRadius: 6, fontFamily: FONT },
  components: { Layout: { headerBg: '#ffffff', bodyBg: '#f5f7fa', headerHeight: 56, headerPadding: '0 24px' } },
};

/**
 * UiProvider gives antd the UI language and the theme. It re-renders on language change, so
 * antd's own texts (date pickers, pagination, empty tables, dialog buttons) follow it. The few
 * texts antd keeps in English whatever the locale are given where they show: the tables'
 * select-all box (rowSelection.getTitleCheckboxProps), the segmented controls (aria-label),
 * the dialogs' close button (modal.closable here) and the number inputs' step arrows
 * (useStepLabels).
 */
export function UiProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n);
  useStepLabels(t('common.stepUp'), t('common.stepDown'));
  return (
    <ConfigProvider
      locale={lang === 'zh-CN' ? zhCN : enUS}
      // "登录", not "登 录": antd spaces out two-character Chinese button labels by default.
      button={{ autoInsertSpace: false }}
      // Dialogs label their close button "Close" in every language unless told otherwise.
      modal={{ closable: { 'aria-label': t('common.close') } }}
      theme={THEME}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
