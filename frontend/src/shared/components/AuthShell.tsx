import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';

/**
 * AuthShell frames the pages seen before sign-in: a centred card under the brand. The card and
 * its texts are plain elements styled like antd's Card and Typography (styles.css, .fl-auth-*):
 * those components bring tabs, skeletons, tooltips and text editing along, which the sign-in
 * page would download without showing.
 */
export function AuthShell({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="fl-auth">
      <div className="fl-auth-lang">
        <LanguageSwitch />
      </div>
      <div className="fl-auth-brand">
        <Logo size={40} />
        <div>
          <div className="fl-auth-name">{t('app.name')}</div>
          <span className="fl-auth-secondary">{t('app.tagline')}</span>
        </div>
      </div>
      <div className="fl-auth-card">
        <h4 className="fl-auth-title">{title}</h4>
        {subtitle && <div className="fl-auth-secondary fl-auth-subtitle">{subtitle}</div>}
        {children}
      </div>
    </div>
  );
}
