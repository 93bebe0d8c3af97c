import type { Api } from '../../shared/api/endpoints';
import { isApiError } from '../../shared/api/errors';
import { errorMessage } from '../../shared/lib/apiErrors';
import type { FileInfo } from '../../shared/api/types';
import type { FilesPick } from '../forms/schemaForm';

/**
 * uploadTo sends a file where a field's uploads go: through a public link for its visitor,
 * else to the app's form, naming the record whose step lets the member fill the field.
 * onProgress hears the share of the file sent so far.
 */
export function uploadTo(api: Api, pick: FilesPick, file: File, onProgress?: (sent: number) => void): Promise<FileInfo> {
  return pick.token ? api.uploadPublicFile(pick.token, pick.field, file, onProgress) : api.uploadFile(pick.ws, pick.app, pick.form, pick.field, file, pick.record, onProgress);
}

/** uploadProblem is what a refused upload says under its field: the server's words for the field, else the error's. */
export function uploadProblem(err: unknown): string {
  const first = isApiError(err) ? Object.values(err.fields)[0]?.message : undefined;
  return first || errorMessage(err);
}
