import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useApi } from '../../shared/api/ApiContext';
import { isApiError } from '../../shared/api/errors';
import type { Session, User } from '../../shared/api/types';

export type AuthStatus = 'loading' | 'signedOut' | 'signedIn';

export interface AuthValue {
  status: AuthStatus;
  user?: User;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** adopt takes a session the server opened elsewhere (account setup). */
  adopt(session: Session): void;
}

const AuthContext = createContext<AuthValue | null>(null);

/** AuthProvider asks the server who is signed in once, then tracks sign-in and sign-out. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<User>();

  useEffect(() => {
    let live = true;
    api.me().then(
      (s) => {
        if (!live) return;
        setUser(s.user);
        setStatus('signedIn');
      },
      (err: unknown) => {
        if (!live) return;
        // Without a session (401) or with the server down, the sign-in page is the way on.
        if (!isApiError(err) || err.status !== 401) console.warn('auth check failed', err);
        setUser(undefined);
        setStatus('signedOut');
      },
    );
    const off = api.client.onSessionLost(() => {
      setUser(undefined);
      setStatus('signedOut');
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);

  const adopt = useCallback((s: Session) => {
    setUser(s.user);
    setStatus('signedIn');
  }, []);

  const signIn = useCallback(
    async (email: string, password: string) => {
      adopt(await api.login(email, password));
    },
    [api, adopt],
  );

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setUser(undefined);
      setStatus('signedOut');
    }
  }, [api]);

  const value = useMemo<AuthValue>(
    () => ({ status, user, signIn, signOut, adopt }),
    [status, user, signIn, signOut, adopt],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
