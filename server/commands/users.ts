import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ROLES, decidePersonChange, type Role } from '@/lib/policies';
import { hashPassword, verifyPassword } from '@/server/auth/password';
import { assertAcceptablePassword } from '@/server/auth/password-policy';
import type { SessionUser } from '@/server/auth/session';
import { AppError, CLOSE } from '@/server/errors';
import type { Services } from '@/server/registry';
import type { Storage, UserRecord } from '@/server/storage/types';
import { authorize, parseBody } from './guard';
import { sentence } from '@/lib/i18n/sentence';

export interface PersonView {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
}

const present = (u: UserRecord): PersonView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  active: u.active,
  createdAt: u.createdAt.toISOString(),
});

/** A readable one-time password: 16 characters from an unambiguous alphabet. */
function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Everyone with an account, for admins. */
export async function listPeople(storage: Storage, actor: SessionUser): Promise<PersonView[]> {
  authorize(actor, 'manage_users');
  return (await storage.listUsers()).map(present);
}

const createSchema = z
  .object({
    email: z.string().max(320),
    name: z.string().max(120),
    role: z.enum(ROLES),
    password: z.string().max(200).optional(),
    sso: z.boolean().optional(),
  })
  .strict();

/**
 * Invites a person: `{email, name, role, password?, sso?}`. Without a password a temporary
 * one is generated and returned once, for the admin to pass on. Either way the admin chose
 * it, so the person must choose their own at their first password sign-in
 * (`password_change_required`). With `sso: true` (only when single sign-on is configured)
 * the person has no password at all: they sign in through the organisation's provider and
 * are never asked to choose one.
 */
export async function createPerson(services: Services, actor: SessionUser, body: unknown): Promise<{ person: PersonView; temporaryPassword: string | null }> {
  const { storage } = services;
  authorize(actor, 'manage_users');
  const input = parseBody(createSchema, body);
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AppError('unprocessable', sentence('commandErrors.users.notEmail', { email: input.email }));
  const name = input.name.trim();
  if (!name) throw new AppError('unprocessable', sentence('commandErrors.users.nameMissing'));
  if (input.sso && !services.env.OIDC_ISSUER) throw new AppError('unprocessable', sentence('commandErrors.users.noSso'));
  if (input.sso && input.password !== undefined) throw new AppError('unprocessable', sentence('commandErrors.users.ssoOrPassword'));
  const password = input.sso ? null : await assertAcceptablePassword(input.password ?? temporaryPassword(), { email });
  if (await storage.findUserByEmail(email)) throw new AppError('conflict', sentence('commandErrors.users.hasAccount', { email }));
  const user = await storage.createUser({
    email,
    name,
    role: input.role,
    passwordHash: password === null ? null : await hashPassword(password),
    mustChangePassword: password !== null,
  });
  await storage.appendAudit({
    actorId: actor.id,
    documentId: null,
    action: 'user.create',
    versionId: null,
    contentHash: null,
    detail: { user: email, role: input.role, ...(input.sso ? { signIn: 'sso' } : {}) },
  });
  return { person: present(user), temporaryPassword: input.password === undefined && password !== null ? password : null };
}

const updateSchema = z.object({ name: z.string().max(120).optional(), role: z.enum(ROLES).optional(), active: z.boolean().optional() }).strict();

/**
 * Changes a person's name, role or whether the account is active. A changed role or a
 * deactivation closes their open sockets at once (4205), so every open editor is judged
 * again; their next request already sees the new role. Admins cannot lock themselves out.
 */
export async function updatePerson(services: Services, actor: SessionUser, userId: string, body: unknown): Promise<PersonView> {
  const { storage, collab } = services;
  authorize(actor, 'manage_users');
  const target = await storage.findUserById(userId);
  if (!target) throw new AppError('not_found', sentence('commandErrors.users.noSuchPerson'));
  const input = parseBody(updateSchema, body);
  const name = input.name?.trim();
  if (input.name !== undefined && !name) throw new AppError('unprocessable', sentence('commandErrors.users.nameMissing'));
  // The actor manages people (403 above); a change that takes that right from themselves is content we refuse (422).
  const change = decidePersonChange(actor, target, input);
  if (change.verdict !== 'allow') throw new AppError('unprocessable', change.reason);
  // A deactivation ends every session, so that reactivating the account does not revive them.
  const updated = await storage.updateUser(userId, { name, role: input.role, active: input.active, endSessions: input.active === false || undefined });
  const changedAccess = (input.role && input.role !== target.role) || (input.active !== undefined && input.active !== target.active);
  if (changedAccess) {
    await storage.appendAudit({
      actorId: actor.id,
      documentId: null,
      action: 'user.access',
      versionId: null,
      contentHash: null,
      detail: { user: target.email, role: updated.role, active: updated.active },
    });
    collab.closeUserSockets(userId, CLOSE.reauthorize, 'your role or account changed');
  }
  return present(updated);
}

/**
 * Sets a new temporary password for someone who lost theirs; returned once, to be changed
 * at their next sign-in (`password_change_required` until then). Every session
 * of theirs ends (whoever knew the old password may be signed in) and their open sockets
 * close (4205), to be judged again and refused.
 */
export async function resetPassword(services: Services, actor: SessionUser, userId: string): Promise<{ temporaryPassword: string }> {
  const { storage, collab } = services;
  authorize(actor, 'manage_users');
  const target = await storage.findUserById(userId);
  if (!target) throw new AppError('not_found', sentence('commandErrors.users.noSuchPerson'));
  const password = await assertAcceptablePassword(temporaryPassword(), { email: target.email });
  await storage.updateUser(userId, { passwordHash: await hashPassword(password), mustChangePassword: true, endSessions: true });
  await storage.appendAudit({
    actorId: actor.id,
    documentId: null,
    action: 'user.password_reset',
    versionId: null,
    contentHash: null,
    detail: { user: target.email },
  });
  collab.closeUserSockets(userId, CLOSE.reauthorize, 'your password was reset');
  return { temporaryPassword: password };
}

const ownPasswordSchema = z.object({ current: z.string().max(200), next: z.string().max(200) }).strict();

/**
 * Every user may change their own password, knowing the current one. Every other session
 * of theirs ends: the session epoch moves on and open sockets close (4205); the caller
 * re-issues this session's cookie at the returned epoch so it stays signed in.
 */
export async function changeOwnPassword(services: Services, actor: SessionUser, body: unknown): Promise<{ sessionEpoch: number }> {
  const { storage, collab } = services;
  const input = parseBody(ownPasswordSchema, body);
  const me = await storage.findUserById(actor.id);
  if (!me?.passwordHash || !(await verifyPassword(input.current, me.passwordHash))) {
    throw new AppError('unprocessable', sentence('commandErrors.users.wrongPassword'));
  }
  const next = await assertAcceptablePassword(input.next, { email: me.email, currentHash: me.passwordHash });
  const updated = await storage.updateUser(actor.id, { passwordHash: await hashPassword(next), mustChangePassword: false, endSessions: true });
  collab.closeUserSockets(actor.id, CLOSE.reauthorize, 'your password changed');
  return { sessionEpoch: updated.sessionEpoch };
}

/** "Sign out everywhere": ends every session of the signed-in user, this one too, and closes their sockets. */
export async function signOutEverywhere(services: Services, actor: SessionUser): Promise<void> {
  await services.storage.updateUser(actor.id, { endSessions: true });
  services.collab.closeUserSockets(actor.id, CLOSE.reauthorize, 'you signed out everywhere');
}
