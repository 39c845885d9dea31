import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { apiClientByKey, type ApiClient } from '../db/api-keys.js';
import type { ActorRef } from '../workflows/messages.js';
import { staffBySessionToken, type StaffRole, type StaffUser } from '../db/staff.js';
import type { Pool } from '../infra/db.js';
import { AppError } from './errors.js';

declare module 'express-serve-static-core' {
  interface Request {
    apiClient?: ApiClient;
    staff?: StaffUser & { sessionId: string };
  }
}

/** API clients send `X-Api-Key: bk_…`; only its hash is stored. */
export const requireApiKey = (pool: Pool): RequestHandler => async (req, _res, next) => {
  const key = req.get('x-api-key');
  if (!key) return next(new AppError(401, 'api_key_missing', 'Send your API key in the X-Api-Key header', 'X-Api-Key'));
  const client = await apiClientByKey(pool, key);
  if (!client) return next(new AppError(401, 'api_key_invalid', 'The API key is unknown or revoked', 'X-Api-Key'));
  req.apiClient = client;
  next();
};

/** Staff send `Authorization: Bearer <session token>`; sessions expire and can be revoked. */
export const requireStaff = (pool: Pool): RequestHandler => async (req, _res, next) => {
  const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
  if (!token) return next(new AppError(401, 'not_signed_in', 'Sign in first', 'Authorization'));
  const staff = await staffBySessionToken(pool, token);
  if (!staff) return next(new AppError(401, 'session_expired', 'The session has expired; sign in again', 'Authorization'));
  req.staff = staff;
  next();
};

/** Admins may do everything support may. */
export const requireRole = (role: StaffRole): RequestHandler => (req: Request, _res: Response, next: NextFunction) => {
  if (role === 'admin' && req.staff?.role !== 'admin') {
    return next(new AppError(403, 'forbidden', 'This needs the admin role'));
  }
  next();
};

export const staffActor = (req: Request): ActorRef => ({ type: 'staff', id: req.staff!.id, label: req.staff!.email });
/** The API client making the request, as the audit log and the workflows name it. */
export const clientActor = (req: Request): ActorRef => ({ type: 'api_client', id: req.apiClient!.id, label: `api:${req.apiClient!.name}` });
