import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiClient } from './shared/api/client';
import { BAD_RESPONSE, NETWORK_ERROR } from './shared/api/errors';
import { Api } from './shared/api/endpoints';
import { App } from './app/App';
import { createI18n, currentLanguage } from './shared/i18n';
import './styles.css';

const i18n = createI18n();
const client = new ApiClient({
  language: () => currentLanguage(i18n),
  fallbackMessage: (code, status) => {
    if (code === NETWORK_ERROR) return i18n.t('errors.network');
    if (code === BAD_RESPONSE) return i18n.t('errors.badResponse');
    return i18n.t('errors.http', { status });
  },
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App api={new Api(client)} i18n={i18n} />
    </StrictMode>,
  );
}
