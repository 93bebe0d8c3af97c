import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';

/** AuthShell frames the pages seen before sign-in: a centred card under the brand. */
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
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
        </div>
      </div>
      <Card className="fl-auth-card">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {title}
        </Typography.Title>
        {subtitle && <Typography.Paragraph type="secondary">{subtitle}</Typography.Paragraph>}
        {children}
      </Card>
    </div>
  );
}
