import type { FormInstance } from 'antd';
import { isApiError } from '../api/errors';
import { mapFieldErrors, type NamePath } from '../../features/forms/formErrors';

/**
 * applyApiError puts a failed call's field errors on the form's fields. It returns the
 * message still to show to the user (the error's own message when no field took it all),
 * or "" when every problem is now shown next to its field.
 */
export function applyApiError(form: FormInstance, err: unknown, known: readonly (string | NamePath)[]): string {
  if (!isApiError(err)) return err instanceof Error ? err.message : String(err);
  if (!err.hasFieldErrors()) return err.message;
  const { fields, unmatched } = mapFieldErrors(err.fields, known);
  form.setFields(fields);
  if (unmatched.length > 0) return unmatched.join(' ');
  return fields.length > 0 ? '' : err.message;
}

/** errorMessage is the text to show for any thrown value. */
export function errorMessage(err: unknown): string {
  if (isApiError(err)) return err.message;
  return err instanceof Error ? err.message : String(err);
}
