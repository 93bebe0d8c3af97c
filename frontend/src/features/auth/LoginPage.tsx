import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useApi } from '../../shared/api/ApiContext';
import { isApiError } from '../../shared/api/errors';
import { useAuth } from '../../app/auth/AuthContext';
import { AuthShell } from '../../shared/components/AuthShell';
import { applyApiError } from '../../shared/lib/apiErrors';
import { landingPath } from './landing';

interface LoginForm {
  email: string;
  password: string;
}

/** Where to go after sign-in: back to the page that asked for it, never off-site. */
function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { status, signIn } = useAuth();
  const api = useApi();
  const location = useLocation();
  const [form] = Form.useForm<LoginForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState('');
  const [landing, setLanding] = useState<string>();

  if (landing) return <Navigate to={landing} replace />;
  // While a sign-in made here looks for where to land, the page waits for it rather than
  // showing the workspace list for a moment first.
  if (status === 'signedIn' && !submitting) return <Navigate to={returnPath(location.state)} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError('');
    try {
      await signIn(values.email.trim(), values.password);
      setLanding(await landingPath(returnPath(location.state), api));
    } catch (err) {
      if (isApiError(err) && err.status === 429 && err.retryAfter !== undefined) {
        setError(t('login.tooManyAttempts', { ns: 'auth', seconds: err.retryAfter }));
      } else {
        setError(applyApiError(form, err, ['email', 'password']));
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthShell title={t('login.title', { ns: 'auth' })}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} size="large">
        <Form.Item
          name="email"
          label={t('login.email', { ns: 'auth' })}
          rules={[
            { required: true, message: t('login.emailRequired', { ns: 'auth' }) },
            { type: 'email', message: t('login.emailInvalid', { ns: 'auth' }) },
          ]}
        >
          <Input prefix={<MailOutlined />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('login.password', { ns: 'auth' })} rules={[{ required: true, message: t('login.passwordRequired', { ns: 'auth' }) }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {t('login.submit', { ns: 'auth' })}
        </Button>
        <div className="fl-auth-secondary fl-auth-note" data-testid="login-forgot">
          {t('login.forgot', { ns: 'auth' })}
        </div>
      </Form>
    </AuthShell>
  );
}
