import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect } from 'vitest';
import { App } from '../../app/App';
import { ApiClient } from '../api/client';
import { Api } from '../api/endpoints';
import { createI18n } from '../i18n';
import { mockFetch, type Handler } from './mockFetch';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
let container: HTMLElement | undefined;

// Each test's UI is unmounted after it, so the next one starts from an empty page.
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
  root = undefined;
});

/** mountApp mounts the whole UI at path in that language, with the API answered by handler. */
export async function mountApp(path: string, lang: 'zh-CN' | 'en', handler: Handler) {
  window.history.replaceState(null, '', path);
  const { fetch, calls } = mockFetch(handler);
  const i18n = createI18n(lang);
  const api = new Api(new ApiClient({ fetch, language: () => i18n.language }));
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => root!.render(<App api={api} i18n={i18n} />));
  return { calls };
}

/** until lets React and the mocked API settle until check passes (bounded number of turns). */
export async function until(check: () => boolean): Promise<void> {
  // Pages and the signed-in frame are lazy modules: their first import may take a while.
  for (let i = 0; i < 1000 && !check(); i++) {
    await act(() => new Promise((r) => setTimeout(r, 10)));
  }
  expect(check()).toBe(true);
}
