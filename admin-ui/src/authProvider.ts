import { HttpError, type AuthProvider } from 'react-admin';
import { apiErrorCode, apiUrl, httpClient } from './dataProvider';
import { clearSession, currentSession, saveSession, type StaffSession } from './session';

/**
 * Step one of a sign-in answered that the account has a second factor: the login page asks for the
 * code from the authenticator app and signs in again with `{ challengeId, code }`.
 */
export class SecondFactorNeeded extends Error {
  constructor(readonly challengeId: string) {
    super('console.security.code_needed');
  }
}

type Credentials = { email: string; password: string } | { challengeId: string; code: string };

/** The API's last answer was "no session" (401), and nobody signed in since: a logout has nothing to end. */
let signedOut = false;
/** The question in flight: checkAuth, getPermissions and getIdentity at start-up share one request. */
let asking: Promise<StaffSession | null> | null = null;

/** The session as the API knows it (the cookie is sent by the browser), or null when there is none. */
async function loadSession(): Promise<StaffSession | null> {
  const known = currentSession();
  if (known) return known;
  asking ??= askSession().finally(() => {
    asking = null;
  });
  return asking;
}

async function askSession(): Promise<StaffSession | null> {
  try {
    const { json } = await httpClient(`${apiUrl}/auth/me`);
    saveSession(json as StaffSession);
    signedOut = false;
    return json as StaffSession;
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) {
      // …unless a sign-in completed while this question was on its way.
      signedOut = currentSession() === null;
      return currentSession();
    }
    throw error;
  }
}

/** Re-reads the session from the API (after enrolling a second factor, for one). */
export async function reloadSession(): Promise<StaffSession | null> {
  clearSession();
  return loadSession();
}

/**
 * Staff sign in with email and password, then, when the account has one, a code from the
 * authenticator app. The API keeps the session in an HttpOnly cookie; nothing is stored here.
 */
export const authProvider: AuthProvider = {
  async login(credentials: Credentials) {
    const path = 'challengeId' in credentials ? '/auth/login/verify' : '/auth/login';
    try {
      const { status, json } = await httpClient(`${apiUrl}${path}`, { method: 'POST', body: JSON.stringify(credentials) });
      if (status === 202) throw new SecondFactorNeeded(json.challengeId);
      saveSession(json as StaffSession);
      signedOut = false;
    } catch (error) {
      if (error instanceof HttpError && apiErrorCode(error) === 'wrong_credentials')
        throw new Error('ra.auth.sign_in_error', { cause: error });
      throw error;
    }
  },

  async logout() {
    // The API revokes the session and clears its cookies; best effort: it may have expired already.
    // A visitor the API has just told us has no session (the first screen) has nothing to revoke.
    if (!signedOut) await httpClient(`${apiUrl}/auth/logout`, { method: 'POST' }).catch(() => undefined);
    clearSession();
  },

  async checkAuth() {
    if (!(await loadSession())) throw new Error('ra.auth.auth_check_error');
  },

  /**
   * 401: the session is gone, sign in again. 403 `second_factor_required`: admins must have a second
   * factor since this session began (an admin switched the rule on): to its enrolment, still signed in.
   * Any other 403: the role may not do that, stay.
   */
  async checkError(error: unknown) {
    const status = (error as { status?: number } | undefined)?.status;
    if (status === 401) {
      clearSession();
      throw new Error('console.auth.session_expired');
    }
    if (status === 403 && apiErrorCode(error) === 'second_factor_required') {
      clearSession(); // read again: the session now says it must enrol
      throw { logoutUser: false, redirectTo: '/security', message: 'console.security.required_first' };
    }
  },

  async getIdentity() {
    const session = await loadSession();
    if (!session) throw new Error('ra.auth.auth_check_error');
    return {
      id: session.staff.id,
      fullName: session.staff.name,
      email: session.staff.email,
      role: session.staff.role,
      secondFactor: session.staff.secondFactor,
      mustEnrolSecondFactor: session.mustEnrolSecondFactor,
    };
  },

  async getPermissions() {
    return (await loadSession())?.staff.role;
  },
};
