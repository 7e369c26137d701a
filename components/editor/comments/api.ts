import type { AnchorInput, CommentView, ThreadList, ThreadView } from '@/lib/comments/threads';

/** A person who can see the document, offered when an @mention is typed. */
export interface Person {
  id: string;
  name: string;
  email: string;
}

/** An answer from the threads API: the value, or the sentence to show (the server's own when it gave one). */
export type Answer<T> = { ok: true; value: T } | { ok: false; message: string; status: number };

/** Our own sentences for a failure the server did not word (messages/<locale>.json, `CommentsApi`). */
export type FailureWords = (key: 'unreachable' | 'signedOut' | 'notTaken', values?: { status: number }) => string;

/**
 * The comment threads' REST API as the editor calls it. Every failure comes back as a
 * sentence a person can act on, in their language: the server's message when it answered
 * with one (it writes it in the reader's language), else ours from `say`.
 * The server decides everything; nothing here checks a rule.
 */
export function threadsApi(documentId: string, say: FailureWords) {
  const call = <T>(method: string, url: string, body?: unknown) => request<T>(say, method, url, body);
  const base = `/api/documents/${encodeURIComponent(documentId)}`;
  return {
    list: () => call<ThreadList>('GET', `${base}/threads`),
    create: (anchor: AnchorInput, body: string, mentions: string[]) => call<ThreadView>('POST', `${base}/threads`, { anchor, body, mentions }),
    reply: (threadId: string, body: string, mentions: string[]) =>
      call<CommentView>('POST', `${base}/threads/${encodeURIComponent(threadId)}/comments`, { body, mentions }),
    /** A reply on a suggestion (issue 21); the first makes its thread. */
    replyToSuggestion: (suggestionId: string, body: string, mentions: string[]) =>
      call<CommentView>('POST', `${base}/suggestions/${encodeURIComponent(suggestionId)}/comments`, { body, mentions }),
    resolve: (threadId: string, resolved: boolean) => call<ThreadView>('PATCH', `${base}/threads/${encodeURIComponent(threadId)}`, { resolved }),
    edit: (commentId: string, body: string) => call<CommentView>('PATCH', `${base}/comments/${encodeURIComponent(commentId)}`, { body }),
    remove: (commentId: string) => call<unknown>('DELETE', `${base}/comments/${encodeURIComponent(commentId)}`),
    people: (query: string) => call<Person[] | { people: Person[] }>('GET', `${base}/people?q=${encodeURIComponent(query)}`),
  };
}

export type ThreadsApi = ReturnType<typeof threadsApi>;

async function request<T>(say: FailureWords, method: string, url: string, body?: unknown): Promise<Answer<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      cache: 'no-store',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, message: say('unreachable') };
  }
  const json = (await res.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  // A 2xx whose body did not arrive whole (the page going away, the connection cut) is no answer.
  if (res.ok && json !== null) return { ok: true, value: json as T };
  if (res.ok) return { ok: false, status: 0, message: say('unreachable') };
  const message = json?.error?.message;
  if (message) return { ok: false, status: res.status, message };
  if (res.status === 401) return { ok: false, status: 401, message: say('signedOut') };
  return { ok: false, status: res.status, message: say('notTaken', { status: res.status }) };
}
