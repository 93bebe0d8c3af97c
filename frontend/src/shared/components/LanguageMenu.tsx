import { Dropdown } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, currentLanguage, setLanguage, type Language } from '../i18n';

/** LanguageMenu is LanguageSwitch's menu, loaded on the first click (the sign-in page stays light). */
export default function LanguageMenu({ children, onClose }: { children: ReactNode; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const current = currentLanguage(i18n);
  // Open at once: the click that loaded the menu asked for it.
  const [open, setOpen] = useState(true);
  return (
    <Dropdown
      trigger={['click']}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) onClose();
      }}
      menu={{
        selectable: true,
        selectedKeys: [current],
        items: LANGUAGES.map((l) => ({ key: l, label: t(`language.${l}`) })),
        onClick: ({ key }) => void setLanguage(i18n, key as Language),
      }}
    >
      {children}
    </Dropdown>
  );
}
