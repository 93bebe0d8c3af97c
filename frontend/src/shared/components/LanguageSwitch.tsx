import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';

const LanguageMenu = lazy(() => import('./LanguageMenu'));

/** LanguageSwitch lets the user pick 简体中文 or English; the choice is remembered. Its menu loads on the first click. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = currentLanguage(i18n);
  const [open, setOpen] = useState(false);
  const button = (
    <Button type="text" icon={<GlobalOutlined />} aria-label={t('language.label')} data-testid="language-switch" onClick={() => setOpen(true)}>
      {t(`language.${current}`)}
    </Button>
  );
  if (!open) return button;
  return (
    <Suspense fallback={button}>
      <LanguageMenu onClose={() => setOpen(false)}>{button}</LanguageMenu>
    </Suspense>
  );
}
