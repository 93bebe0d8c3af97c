import { Spin } from 'antd';
import type { i18n as I18n } from 'i18next';
import { Suspense, lazy } from 'react';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ApiProvider } from '../shared/api/ApiContext';
import type { Api } from '../shared/api/endpoints';
import { AuthProvider } from './auth/AuthContext';
import { RequireAuth } from './auth/RequireAuth';
import { UiProvider } from './UiProvider';

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

function Loading() {
  return (
    <div className="fl-center">
      <Spin size="large" />
    </div>
  );
}

/** Themed is the whole UI under antd's language and theme. */
function Themed({ api }: { api: Api }) {
  return (
    <UiProvider>
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
    </UiProvider>
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
