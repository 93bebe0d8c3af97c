import { Alert, Button, Card, Result, Skeleton, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import { isApiError } from '../../shared/api/errors';
import { SchemaForm, type SchemaFormHandle } from '../forms/SchemaForm';
import { errorMessage } from '../../shared/lib/apiErrors';
import { localized } from '../../shared/lib/localized';
import { toErrorSchema, toRjsf, type ErrorSchema } from '../forms/schemaForm';
import { useAsync } from '../../shared/hooks/useAsync';
import { publicForm, submitPublic } from './api';
import type { PublicReceipt } from './model';
import './public.css';

/**
 * PublicFormPage is the form a public link opens, for anyone without signing in. After a
 * submission it shows the receipt: the serial number and the link to the status page.
 */
export default function PublicFormPage() {
  const { t, i18n } = useTranslation('publicLinks');
  const { token = '' } = useParams();
  const api = useApi();
  const loaded = useAsync(() => publicForm(api, token), [api, token]);
  const ref = useRef<SchemaFormHandle>(null);
  const [data, setData] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<ErrorSchema>();
  const [problem, setProblem] = useState('');
  const [saving, setSaving] = useState(false);
  const [receipt, setReceipt] = useState<PublicReceipt>();

  const def = loaded.data;
  const rjsf = useMemo(
    () =>
      def
        ? toRjsf({ key: 'public', name: def.name, schema: def.schema, ui: def.ui }, { language: i18n.language, files: { ws: '', app: '', form: '', token } })
        : undefined,
    [def, i18n.language, token],
  );

  const submit = async (values: Record<string, unknown>) => {
    setSaving(true);
    setProblem('');
    try {
      setReceipt(await submitPublic(api, token, values));
      setData({});
      setErrors(undefined);
    } catch (err) {
      if (isApiError(err) && err.hasFieldErrors() && rjsf) {
        const mapped = toErrorSchema(err.fields, rjsf.fields);
        setErrors(mapped.errorSchema);
        setProblem(mapped.unmatched.length > 0 ? mapped.unmatched.join(' ') : t('fixFields'));
      } else {
        setProblem(errorMessage(err));
      }
    } finally {
      setSaving(false);
    }
  };

  let body;
  if (loaded.loading && !def) body = <Skeleton active />;
  else if (loaded.error || !def || !rjsf) {
    body = <Result status="404" title={t('notFound')} />;
  } else if (receipt) {
    const statusPath = `/public/status/${encodeURIComponent(receipt.statusToken)}`;
    body = (
      <Result
        status="success"
        title={t('thanks')}
        subTitle={t('statusHelp')}
        extra={[
          <Button key="another" onClick={() => setReceipt(undefined)}>
            {t('another')}
          </Button>,
        ]}
      >
        <div className="fl-public-receipt" data-testid="public-receipt">
          {receipt.serial && (
            <Typography.Paragraph>
              {t('serial')}：
              <Typography.Text strong copyable data-testid="public-serial">
                {receipt.serial}
              </Typography.Text>
            </Typography.Paragraph>
          )}
          <Link to={statusPath} data-testid="public-status-link">
            {t('statusLink')}
          </Link>
        </div>
      </Result>
    );
  } else {
    body = (
      <>
        <Typography.Title level={3}>{localized(def.name, i18n.language)}</Typography.Title>
        <SchemaForm ref={ref} form={rjsf} data={data} onChange={setData} onSubmit={(d) => void submit(d)} errors={errors} disabled={saving} />
        {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="public-problem" />}
        <Button type="primary" block size="large" loading={saving} onClick={() => ref.current?.submit()} data-testid="public-submit">
          {t('submit')}
        </Button>
      </>
    );
  }
  return (
    <div className="fl-public">
      <Card className="fl-public-card">{body}</Card>
    </div>
  );
}
