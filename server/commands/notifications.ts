import { z } from 'zod';
import type { SessionUser } from '@/server/auth/session';
import type { Storage } from '@/server/storage/types';
import { parseBody } from './guard';

const schema = z.object({ upTo: z.number().int().min(0) }).strict();

/** `{upTo}`: marks the user's own notifications up to that id as read. */
export async function markNotificationsRead(storage: Storage, actor: SessionUser, body: unknown): Promise<void> {
  const { upTo } = parseBody(schema, body);
  await storage.markNotificationsRead(actor.id, upTo);
}
