import { Card, Descriptions, Result, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import { localized } from '../../shared/lib/localized';
import { useAsync } from '../../shared/hooks/useAsync';
import { publicStatus } from './api';
import { statusKey, statusValue } from './model';
import './public.css';

const COLORS: Record<string, string> = { running: 'processing', approved: 'success', done: 'success', rejected: 'error', returned: 'warning' };

/** PublicStatusPage shows a submitter where their submission stands, from their status token. */
export default function PublicStatusPage() {
  const { t, i18n } = useTranslation('publicLinks');
  const { token = '' } = useParams();
  const api = useApi();
  const loaded = useAsync(() => publicStatus(api, token), [api, token]);
  const st = loaded.data;
  let body;
  if (loaded.loading && !st) body = <Skeleton active />;
  else if (loaded.error || !st) body = <Result status="404" title={t('statusNotFound')} />;
  else {
    const key = statusKey(st.status);
    body = (
      <>
        <Typography.Title level={3}>{t('statusTitle')}</Typography.Title>
        <Descriptions column={1} bordered size="middle" data-testid="public-status">
          {st.serial && <Descriptions.Item label={t('serial')}>{st.serial}</Descriptions.Item>}
          <Descriptions.Item label={t('statusNow')}>
            <Tag color={COLORS[st.status] ?? 'default'} data-testid="public-status-now">
              {key ? t(`statuses.${key}`) : st.status}
            </Tag>
          </Descriptions.Item>
          {st.stage && <Descriptions.Item label={t('stage')}>{st.stage}</Descriptions.Item>}
          <Descriptions.Item label={t('submitted')}>{new Date(st.submitted).toLocaleString(i18n.language)}</Descriptions.Item>
          {Object.entries(st.fields).map(([k, v]) => (
            <Descriptions.Item key={k} label={localized(st.labels[k], i18n.language) || t('statusTitle')}>
              {statusValue(v)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </>
    );
  }
  return (
    <div className="fl-public">
      <Card className="fl-public-card">{body}</Card>
    </div>
  );
}
