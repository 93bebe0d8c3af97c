import type { ErrorSchema } from './schemaForm';

/**
 * revealFirstError scrolls the first field that shows an error into the middle of the view.
 * A long form (the lead form has fifteen fields) keeps its submit button in a fixed footer:
 * without this a person on a phone taps 提交 and nothing they can see happens, the message
 * sitting under a field far below.
 */
export function revealFirstError(root: HTMLElement | null): void {
  const item = root?.querySelector<HTMLElement>('.ant-form-item-has-error');
  item?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

/** hasMessages tells whether an error schema holds at least one message. */
export function hasMessages(errors: ErrorSchema | undefined): boolean {
  if (!errors) return false;
  return Object.entries(errors).some(([k, v]) =>
    k === '__errors' ? Array.isArray(v) && v.length > 0 : typeof v === 'object' && v !== null && hasMessages(v as ErrorSchema),
  );
}
