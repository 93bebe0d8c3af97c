import { useApi } from '../../api/ApiContext';
import { useAsync } from '../../lib/useAsync';

/**
 * useCanDesign tells whether the signed-in member may design an app: the runtime answer
 * says so (owners, admins and the app's managers), so nothing is asked that the member may
 * not read. The server enforces this; the answer only hides a button. `known` skips the
 * request when the caller already holds the answer.
 */
export function useCanDesign(ws: string, app: string, known?: boolean): boolean {
  const api = useApi();
  const state = useAsync(async () => {
    if (known !== undefined) return known;
    const w = await api.workspace(ws);
    if (w.role === undefined || w.role === 'owner' || w.role === 'admin') return true;
    try {
      return (await api.appRuntime(ws, app)).designer;
    } catch {
      return false;
    }
  }, [api, ws, app, known]);
  return state.data === true;
}
