import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type Role } from '../../lib/policies';
import { hashPassword, verifyPassword } from '../auth/password';
import type { SessionUser } from '../auth/session';
import { AppError, CLOSE } from '../errors';
import type { Services } from '../registry';
import type { Storage, UserRecord } from '../storage/types';
import { authorize, parseBody } from './guard';

const MIN_PASSWORD = 10;

export interface PersonView {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
}

const present = (u: UserRecord): PersonView => ({ id: u.id, email: u.email, name: u.name, role: u.role, active: u.active, createdAt: u.createdAt.toISOString() });

/** A readable one-time password: 16 characters from an unambiguous alphabet. */
function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
}

function acceptablePassword(password: string): string {
  if (password.length < MIN_PASSWORD) throw new AppError('unprocessable', `Choose a password of at least ${MIN_PASSWORD} characters.`);
  return password;
}

/** Everyone with an account, for admins. */
export async function listPeople(storage: Storage, actor: SessionUser): Promise<PersonView[]> {
  authorize(actor, 'manage_users');
  return (await storage.listUsers()).map(present);
}

const createSchema = z
  .object({ email: z.string().max(320), name: z.string().max(120), role: z.enum(ROLES), password: z.string().max(200).optional() })
  .strict();

/**
 * Invites a person: `{email, name, role, password?}`. Without a password a temporary one
 * is generated and returned once, for the admin to pass on.
 */
export async function createPerson(services: Services, actor: SessionUser, body: unknown): Promise<{ person: PersonView; temporaryPassword: string | null }> {
  const { storage } = services;
  authorize(actor, 'manage_users');
  const input = parseBody(createSchema, body);
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AppError('unprocessable', `“${input.email}” is not an email address.`);
  const name = input.name.trim();
  if (!name) throw new AppError('unprocessable', 'Give the person’s name.');
  const password = input.password === undefined ? temporaryPassword() : acceptablePassword(input.password);
  if (await storage.findUserByEmail(email)) throw new AppError('conflict', `${email} already has an account.`);
  const user = await storage.createUser({ email, name, role: input.role, passwordHash: await hashPassword(password) });
  await storage.appendAudit({ actorId: actor.id, documentId: null, action: 'user.create', versionId: null, contentHash: null, detail: { user: email, role: input.role } });
  return { person: present(user), temporaryPassword: input.password === undefined ? password : null };
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
  if (!target) throw new AppError('not_found', 'There is no such person.');
  const input = parseBody(updateSchema, body);
  const name = input.name?.trim();
  if (input.name !== undefined && !name) throw new AppError('unprocessable', 'Give the person’s name.');
  if (target.id === actor.id && ((input.role && input.role !== 'admin') || input.active === false)) {
    throw new AppError('unprocessable', 'You cannot remove your own admin rights or deactivate yourself; ask another admin.');
  }
  const updated = await storage.updateUser(userId, { name, role: input.role, active: input.active });
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

/** Sets a new temporary password for someone who lost theirs; returned once. */
export async function resetPassword(services: Services, actor: SessionUser, userId: string): Promise<{ temporaryPassword: string }> {
  const { storage } = services;
  authorize(actor, 'manage_users');
  const target = await storage.findUserById(userId);
  if (!target) throw new AppError('not_found', 'There is no such person.');
  const password = temporaryPassword();
  await storage.updateUser(userId, { passwordHash: await hashPassword(password) });
  await storage.appendAudit({ actorId: actor.id, documentId: null, action: 'user.password_reset', versionId: null, contentHash: null, detail: { user: target.email } });
  return { temporaryPassword: password };
}

const ownPasswordSchema = z.object({ current: z.string().max(200), next: z.string().max(200) }).strict();

/** Every user may change their own password, knowing the current one. */
export async function changeOwnPassword(storage: Storage, actor: SessionUser, body: unknown): Promise<void> {
  const input = parseBody(ownPasswordSchema, body);
  const me = await storage.findUserById(actor.id);
  if (!me?.passwordHash || !(await verifyPassword(input.current, me.passwordHash))) {
    throw new AppError('unprocessable', 'The current password is not right. Try again.');
  }
  await storage.updateUser(actor.id, { passwordHash: await hashPassword(acceptablePassword(input.next)) });
}
