import { z } from 'zod';
import { membersAfterRestricting } from '@/lib/policies';
import { CLOSE } from '@/server/errors';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import type { Services } from '@/server/registry';
import type { DocumentRecord, Storage } from '@/server/storage/types';
import { authorizeDocument, parseBody } from './guard';
import { shareAccessWithLanguageVersions } from './languages';
import { sentence } from '@/lib/i18n/sentence';

const accessSchema = z.object({ restricted: z.boolean(), members: z.array(z.string().max(320)).max(500) }).strict();

export interface AccessView {
  restricted: boolean;
  members: { id: string; email: string; name: string }[];
}

/** The access list of a document, for its creator and admins. */
export async function getAccess(storage: Storage, actor: SessionUser, documentId: string): Promise<AccessView> {
  const { doc } = await authorizeDocument(storage, actor, documentId, 'manage_access');
  return presentAccess(storage, doc);
}

/**
 * Restricts a document to named members (admins always see it) or opens it again:
 * `{restricted, members: [email]}`. Every open socket of the document is closed (4205)
 * so a removed member loses it at once; the change is on the audit log.
 */
export async function setAccess(services: Services, actor: SessionUser, documentId: string, body: unknown): Promise<AccessView> {
  const { storage, collab } = services;
  const { doc: before } = await authorizeDocument(storage, actor, documentId, 'manage_access');
  const input = parseBody(accessSchema, body);
  const members = [];
  const unknown: string[] = [];
  for (const email of new Set(input.members.map((e) => e.trim().toLowerCase()))) {
    const user = await storage.findUserByEmail(email);
    if (user?.active) members.push(user);
    else unknown.push(email);
  }
  if (unknown.length) throw new AppError('unprocessable', sentence('commandErrors.transitions.noActiveUser', { email: unknown.join(', ') }));
  // The person restricting keeps access: a creator cannot lock themselves out by mistake.
  const chosen = members.map((m) => m.id);
  const memberIds = input.restricted ? membersAfterRestricting(actor, before, chosen) : chosen;
  const doc = await storage.setDocumentAccess(documentId, input.restricted, memberIds, {
    actorId: actor.id,
    documentId,
    action: 'access',
    versionId: null,
    contentHash: null,
    detail: { restricted: input.restricted, members: members.map((m) => m.email).sort() },
  });
  collab.closeDocumentSockets(documentId, CLOSE.reauthorize, 'access changed');
  await shareAccessWithLanguageVersions(services, actor, doc);
  return presentAccess(storage, doc);
}

async function presentAccess(storage: Storage, doc: DocumentRecord): Promise<AccessView> {
  const members = [];
  for (const id of doc.memberIds) {
    const user = await storage.findUserById(id);
    if (user) members.push({ id: user.id, email: user.email, name: user.name });
  }
  return { restricted: doc.restricted, members: members.sort((a, b) => a.email.localeCompare(b.email)) };
}
