import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../../../shared/api/ApiContext';
import { errorMessage } from '../../../shared/lib/apiErrors';
import { useAsync } from '../../../shared/hooks/useAsync';
import { automationRuns, duration, failure, outcomeColor, tally, wordsIn } from './runs';

/**
 * RunsCard lists an automation's latest runs (运行记录): when, what triggered it, on which
 * record, the outcome, how long it took and, for a failure, which action failed and why in
 * words. Only those who design the app can read it; the server keeps the last 50 runs.
 */
export function RunsCard({ ws, app, automation, actionTypes }: { ws: string; app: string; automation: string; actionTypes: string[] }) {
  const { t, i18n } = useTranslation('designerAutomations');
  const api = useApi();
  const runs = useAsync(() => automationRuns(api, ws, app, automation), [api, ws, app, automation]);
  const list = runs.data ?? [];
  const count = tally(list);
  return (
    <Card
      size="small"
      title={t('runs.title')}
      data-testid="automation-runs"
      extra={<Button size="small" icon={<ReloadOutlined />} onClick={runs.reload} loading={runs.loading} aria-label={t('runs.reload')} data-testid="automation-runs-reload">{t('runs.reload')}</Button>}
    >
      {runs.error ? (
        <Alert type="warning" showIcon message={errorMessage(runs.error)} />
      ) : list.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('runs.none')} />
      ) : (
        <>
          <Space size={4} wrap style={{ marginBottom: 8 }}>
            <Tag color="success">{t('runs.count.ok', { n: count.ok })}</Tag>
            <Tag color="error">{t('runs.count.failed', { n: count.failed })}</Tag>
            <Tag>{t('runs.count.skipped', { n: count.skipped })}</Tag>
            <Typography.Text type="secondary">{t('runs.kept')}</Typography.Text>
          </Space>
          <List
            size="small"
            dataSource={list}
            renderItem={(r) => {
              const f = failure(r, actionTypes, i18n.language);
              const skipped = r.outcome === 'skipped' ? wordsIn(r.error, i18n.language) : '';
              return (
                <List.Item data-testid={`automation-run-${r.outcome}`} style={{ display: 'block' }}>
                  <Space wrap size={6}>
                    <Tag color={outcomeColor(r.outcome)}>{t(`runs.outcome.${r.outcome}`)}</Tag>
                    <Typography.Text>{dayjs(r.at).format('YYYY-MM-DD HH:mm:ss')}</Typography.Text>
                    <Typography.Text type="secondary">{t(`events.${r.event}`, { defaultValue: r.event })}</Typography.Text>
                    {r.record && (
                      <Link to={`/w/${encodeURIComponent(ws)}/apps/${encodeURIComponent(app)}/forms/${encodeURIComponent(r.form)}/records/${encodeURIComponent(r.record)}`}>
                        {t('runs.record')}
                      </Link>
                    )}
                    <Typography.Text type="secondary">{duration(r.tookMs)}</Typography.Text>
                    {(r.actions ?? []).map((a, j) => (
                      <Tag key={j} color={outcomeColor(a.outcome)}>
                        {t(`actions.${a.type}`, { defaultValue: a.type })} · {t(`runs.action.${a.outcome}`)}
                      </Tag>
                    ))}
                  </Space>
                  {f && (
                    <Typography.Paragraph type="danger" style={{ margin: '4px 0 0' }} data-testid="automation-run-error">
                      {f.step ? t('runs.failedStep', { n: f.step, type: f.type ? t(`actions.${f.type}`, { defaultValue: f.type }) : '' }) : t('runs.failed')}
                      {f.text}
                      {r.retry ? ` ${t('runs.retry')}` : ''}
                    </Typography.Paragraph>
                  )}
                  {skipped && <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>{skipped}</Typography.Paragraph>}
                </List.Item>
              );
            }}
          />
        </>
      )}
    </Card>
  );
}
