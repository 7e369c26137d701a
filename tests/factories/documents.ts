import { api } from '@/tests/helpers/session';
import { writeBody } from '@/tests/helpers/content';

let counter = 0;

/** Creates a document through the REST API as the signed-in user; returns its id. */
export async function createDocument(
  baseUrl: string,
  cookie: string,
  overrides: Partial<{ title: string; kind: string; language: string }> = {},
): Promise<string> {
  const res = await api<{ id: string }>(baseUrl, cookie, 'POST', '/api/documents', {
    title: `Statement ${++counter}`,
    kind: 'statement',
    language: 'en',
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`creating a document failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** The states a draft is walked to by `moveTo`, in the order the workflow reaches them. */
export type WalkedState = 'draft' | 'in_review' | 'approved' | 'published';

/** Session cookies by role; a walk uses drafter (or `submitter`), approver, admin (a second approval) and publisher. */
export type RoleCookies = Partial<Record<'admin' | 'drafter' | 'reviewer' | 'approver' | 'publisher' | 'viewer', string>>;

export interface WalkOptions {
  /** Who submits (default drafter); an approver who submits cannot approve (four eyes): admin then does. */
  submitter?: keyof RoleCookies;
  /** The embargo set when publishing. */
  embargoUntil?: Date;
}

/** A transition through the REST API, as `role`'s browser would ask for it. */
export function transition<T = { state: string }>(baseUrl: string, cookies: RoleCookies, role: keyof RoleCookies, id: string, body: object) {
  const cookie = cookies[role];
  if (!cookie) throw new Error(`no session for the ${role}`);
  return api<T>(baseUrl, cookie, 'POST', `/api/documents/${id}/transitions`, body);
}

/**
 * Walks a document forward from the state it is in to `state` through the REST API, as
 * people would: the drafter submits, approvers approve until the kind's quorum is reached
 * (approver, then admin), the publisher publishes. Throws, naming the step, when a step does
 * not lead where it should, so a test that uses it still proves the walk worked.
 */
export async function moveTo(baseUrl: string, cookies: RoleCookies, id: string, state: WalkedState, options: WalkOptions = {}): Promise<void> {
  const submitter = options.submitter ?? 'drafter';
  const approvers = (['approver', 'admin'] as const).filter((role) => role !== submitter);
  const step = async (role: keyof RoleCookies, body: object, expected: string[]) => {
    const res = await transition<{ state: string }>(baseUrl, cookies, role, id, body);
    if (res.status !== 200 || !expected.includes(res.body.state))
      throw new Error(`${role} ${JSON.stringify(body)} on ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.state;
  };
  const order: WalkedState[] = ['draft', 'in_review', 'approved', 'published'];
  const now = await api<{ state: WalkedState }>(baseUrl, cookies[submitter] ?? null, 'GET', `/api/documents/${id}`);
  let reached: string = now.body.state;
  if (now.status !== 200 || !order.includes(now.body.state) || order.indexOf(now.body.state) > order.indexOf(state)) {
    throw new Error(`${id} cannot be walked to ${state} from ${now.status} ${JSON.stringify(now.body)}`);
  }
  if (state === reached) return;
  if (reached === 'draft') reached = await step(submitter, { action: 'submit' }, ['in_review']);
  if (state === reached) return;
  for (const approver of approvers) if (reached === 'in_review') reached = await step(approver, { action: 'approve' }, ['in_review', 'approved']);
  if (reached !== 'approved') throw new Error(`${id} was not approved by ${approvers.join(' and ')}`);
  if (state === reached) return;
  await step('publisher', options.embargoUntil ? { action: 'publish', embargoUntil: options.embargoUntil.toISOString() } : { action: 'publish' }, [
    'published',
  ]);
}

/**
 * A document in `state`, made as people make one: created by the submitter (default
 * drafter) through the REST API, its paragraphs written through a real y-websocket client
 * (and seen by a second one, so they are committed), then walked with `moveTo`.
 */
export async function documentIn(
  baseUrl: string,
  cookies: RoleCookies,
  state: WalkedState,
  options: WalkOptions & { paragraphs?: string[]; title?: string; kind?: string; language?: string } = {},
): Promise<string> {
  const { paragraphs = [], submitter = 'drafter', title, kind, language } = options;
  const author = cookies[submitter];
  if (!author) throw new Error(`no session for the ${submitter}`);
  const id = await createDocument(baseUrl, author, { ...(title ? { title } : {}), ...(kind ? { kind } : {}), ...(language ? { language } : {}) });
  if (paragraphs.length > 0) {
    const content = paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] }));
    await writeBody(baseUrl, id, author, { type: 'doc', content });
  }
  await moveTo(baseUrl, cookies, id, state, options);
  return id;
}
