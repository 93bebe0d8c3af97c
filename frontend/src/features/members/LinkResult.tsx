import { Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { absoluteUrl } from '../../shared/lib/format';

interface Props {
  title: string;
  hint: string;
  caption?: string;
  /** The link as the server answered it (maybe a path); shown whole, on this server's address. */
  url: string;
}

/** LinkResult shows a one-time link an admin passes on (an invitation, a password reset), to copy. */
export function LinkResult({ title, hint, caption, url }: Props) {
  const { t } = useTranslation();
  const link = absoluteUrl(url, window.location.origin);
  return (
    <Result status="success" title={title} subTitle={hint} style={{ padding: '16px 0 0' }}>
      {caption && <Typography.Text type="secondary">{caption}</Typography.Text>}
      <Typography.Paragraph copyable={{ text: link, tooltips: [t('common.copy'), t('common.copied')] }} className="fl-setup-link" data-testid="setup-link">
        {link}
      </Typography.Paragraph>
    </Result>
  );
}
