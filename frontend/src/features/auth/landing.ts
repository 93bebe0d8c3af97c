/** What landingPath needs of the API: the signed-in person's workspaces. */
export interface WorkspaceLister {
  workspaces: () => Promise<readonly { id: string }[]>;
}

/**
 * landingPath is where a sign-in ends. A page that asked for the sign-in gets it back. Else a
 * person in exactly one workspace goes straight to its apps, as in Jiandaoyun, instead of a list
 * with one card to tap (most members, on a phone); with none or several, the list. When the
 * list cannot be read the home page says why.
 */
export async function landingPath(asked: string, api: WorkspaceLister): Promise<string> {
  if (asked !== '/') return asked;
  try {
    const list = await api.workspaces();
    const only = list.length === 1 ? list[0] : undefined;
    return only ? `/w/${encodeURIComponent(only.id)}/apps` : '/';
  } catch {
    return '/';
  }
}
