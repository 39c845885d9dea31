import type { Staff } from './types';

/** The signed-in staff member's session, as `POST /admin/api/auth/login` answers it. */
export interface StaffSession {
  token: string;
  expiresAt: string;
  staff: Pick<Staff, 'id' | 'email' | 'name' | 'role'>;
}

const storageKey = 'loyalty-console.session';

/** The stored session, or null when there is none or it has expired. */
export function currentSession(): StaffSession | null {
  const stored = localStorage.getItem(storageKey);
  if (!stored) return null;
  const session = JSON.parse(stored) as StaffSession;
  return Date.parse(session.expiresAt) > Date.now() ? session : null;
}

export const saveSession = (session: StaffSession): void => localStorage.setItem(storageKey, JSON.stringify(session));

export const clearSession = (): void => localStorage.removeItem(storageKey);
