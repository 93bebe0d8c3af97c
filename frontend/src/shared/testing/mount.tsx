import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach } from 'vitest';
import { createI18n, type Language } from '../i18n';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  document.body.innerHTML = '';
});

/**
 * mount renders a component test's tree into the document, in Chinese unless told, and
 * answers the element holding it. The tree is unmounted after the test.
 */
export async function mount(node: ReactNode, language: Language = 'zh-CN'): Promise<HTMLElement> {
  const el = document.createElement('div');
  document.body.appendChild(el);
  root = createRoot(el);
  await act(async () => root!.render(<I18nextProvider i18n={createI18n(language)}>{node}</I18nextProvider>));
  return el;
}
