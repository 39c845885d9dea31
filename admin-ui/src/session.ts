import type { Staff } from './types';

/**
 * The signed-in staff member, as `GET /admin/api/auth/me` answers it. The session itself is an
 * HttpOnly cookie the console's scripts cannot read; the console keeps only this view of it, in
 * memory (nothing in localStorage), and asks the API again after a reload.
 */
export interface StaffSession {
  expiresAt: string;
  staff: Pick<Staff, 'id' | 'email' | 'name' | 'role'> & { secondFactor: boolean };
  /** an admin without a second factor while admins must have one: the console only offers to enrol */
  mustEnrolSecondFactor: boolean;
}

let session: StaffSession | null = null;

/** The known session, or null when there is none or it has expired. */
export function currentSession(): StaffSession | null {
  return session && Date.parse(session.expiresAt) > Date.now() ? session : null;
}

export const saveSession = (value: StaffSession): void => {
  session = value;
};

export const clearSession = (): void => {
  session = null;
};

/** The readable cookie the API set next to the session; echoed in X-CSRF-Token on every request that changes something. */
export function csrfToken(): string | undefined {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('bk_staff_csrf='));
  return cookie ? decodeURIComponent(cookie.slice('bk_staff_csrf='.length)) : undefined;
}

export const CSRF_HEADER = 'X-CSRF-Token';
