import { useApi } from '../../shared/api/ApiContext';
import { useAsync } from '../../shared/hooks/useAsync';

/**
 * useCanDesign tells whether the signed-in member may design an app: owners and admins may;
 * for others (an app's managers) the draft is asked for, as the server allows exactly them
 * to read it. The server enforces this; the answer only hides a button.
 */
export function useCanDesign(ws: string, app: string): boolean {
  const api = useApi();
  const state = useAsync(async () => {
    const w = await api.workspace(ws);
    if (w.role === undefined || w.role === 'owner' || w.role === 'admin') return true;
    try {
      await api.draft(ws, app);
      return true;
    } catch {
      return false;
    }
  }, [api, ws, app]);
  return state.data === true;
}
