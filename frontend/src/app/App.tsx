import { App as AntApp, ConfigProvider, Spin, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { i18n as I18n } from 'i18next';
import { Suspense, lazy } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ApiProvider } from '../shared/api/ApiContext';
import type { Api } from '../shared/api/endpoints';
import { AuthProvider } from './auth/AuthContext';
import { RequireAuth } from './auth/RequireAuth';
import { currentLanguage } from '../shared/i18n';

const LoginPage = lazy(() => import('../features/auth/LoginPage'));
// The signed-in frame loads after sign-in: the sign-in page does not carry its menus and bell.
const AppLayout = lazy(() => import('./AppLayout').then((m) => ({ default: m.AppLayout })));
const SetupPage = lazy(() => import('../features/auth/SetupPage'));
const PublicFormPage = lazy(() => import('../features/publicLinks/PublicFormPage'));
const PublicStatusPage = lazy(() => import('../features/publicLinks/PublicStatusPage'));
const WorkspacesPage = lazy(() => import('../features/workspace/WorkspacesPage'));
const WorkspacePage = lazy(() => import('../features/workspace/WorkspacePage'));
const NotFoundPage = lazy(() => import('./NotFoundPage'));
const AppPage = lazy(() => import('../features/records/AppPage'));
const RecordPage = lazy(() => import('../features/records/RecordPage'));
const InboxPage = lazy(() => import('../features/inbox/InboxPage'));
const AppDesignerPage = lazy(() => import('../features/designers/AppDesignerPage'));

const FONT =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang SC', " +
  "'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans', sans-serif";

function Loading() {
  return (
    <div className="fl-center">
      <Spin size="large" />
    </div>
  );
}

/** Themed re-renders on language change so antd's own texts follow the UI language. */
function Themed({ api }: { api: Api }) {
  const { i18n } = useTranslation();
  const lang = currentLanguage(i18n);
  return (
    <ConfigProvider
      locale={lang === 'zh-CN' ? zhCN : enUS}
      // "登录", not "登 录": antd spaces out two-character Chinese button labels by default.
      button={{ autoInsertSpace: false }}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: { colorPrimary: '#1677ff', borderRadius: 6, fontFamily: FONT },
        components: { Layout: { headerBg: '#ffffff', bodyBg: '#f5f7fa', headerHeight: 56, headerPadding: '0 24px' } },
      }}
    >
      <AntApp>
        <ApiProvider api={api}>
          <AuthProvider>
            <BrowserRouter>
              <Suspense fallback={<Loading />}>
                <Routes>
                  <Route path="/login" element={<LoginPage />} />
                  <Route path="/setup/:token" element={<SetupPage />} />
                  <Route path="/public/forms/:token" element={<PublicFormPage />} />
                  <Route path="/public/status/:token" element={<PublicStatusPage />} />
                  <Route
                    element={
                      <RequireAuth>
                        <AppLayout />
                      </RequireAuth>
                    }
                  >
                    <Route index element={<WorkspacesPage />} />
                    <Route path="/w/:ws" element={<WorkspacePage />} />
                    <Route path="/w/:ws/:tab" element={<WorkspacePage />} />
                    <Route path="/w/:ws/apps/:app" element={<AppPage />} />
                    <Route path="/w/:ws/apps/:app/design" element={<AppDesignerPage />} />
                    <Route path="/w/:ws/apps/:app/design/:part" element={<AppDesignerPage />} />
                    <Route path="/w/:ws/apps/:app/forms/:form" element={<AppPage />} />
                    <Route path="/w/:ws/apps/:app/forms/:form/records/:id" element={<RecordPage />} />
                    <Route path="/w/:ws/inbox" element={<InboxPage />} />
                    <Route path="/w/:ws/inbox/:box" element={<InboxPage />} />
                    <Route path="*" element={<NotFoundPage />} />
                  </Route>
                </Routes>
              </Suspense>
            </BrowserRouter>
          </AuthProvider>
        </ApiProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/** App is the whole UI, given its API and its i18n instance. */
export function App({ api, i18n }: { api: Api; i18n: I18n }) {
  return (
    <I18nextProvider i18n={i18n}>
      <Themed api={api} />
    </I18nextProvider>
  );
}
