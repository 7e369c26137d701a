'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SuggestionThreadView, ThreadView } from '@/lib/comments/threads';
import type { ThreadsApi } from './api';

export interface Threads {
  /** null until the first answer. */
  threads: ThreadView[] | null;
  /** The suggestions' reply threads (issue 21), open and resolved; empty until the first answer. */
  suggestionThreads: SuggestionThreadView[];
  /** Why the list could not be read (a sentence), or null. */
  error: string | null;
  /** Reads the list again (after a change made here; the socket tells about everyone else's). */
  reload: () => void;
}

/**
 * The document's comment threads, read from the REST API at first and again whenever the
 * session says they may have changed (the server's [101], or a reconnect). Reads never
 * overlap: a change announced during a read is read right after it.
 */
export function useThreads(api: ThreadsApi, onThreadsChanged: (listener: () => void) => () => void): Threads {
  const t = useTranslations('CommentsApi');
  const [threads, setThreads] = useState<ThreadView[] | null>(null);
  const [suggestionThreads, setSuggestionThreads] = useState<SuggestionThreadView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const reading = useRef<{ busy: boolean; again: boolean; alive: boolean }>({ busy: false, again: false, alive: true });

  const reload = useCallback(() => {
    const r = reading.current;
    if (r.busy) {
      r.again = true;
      return;
    }
    r.busy = true;
    void (async () => {
      do {
        r.again = false;
        const answer = await api.list();
        if (!r.alive) return;
        if (answer.ok) {
          setThreads(answer.value.threads);
          setSuggestionThreads(answer.value.suggestionThreads ?? []);
          setError(null);
        } else {
          setError(t('listUnreadable', { reason: answer.message }));
        }
      } while (r.again && r.alive);
      r.busy = false;
    })();
  }, [api, t]);

  useEffect(() => {
    const r = { busy: false, again: false, alive: true };
    reading.current = r;
    reload();
    const off = onThreadsChanged(reload);
    return () => {
      r.alive = false;
      off();
    };
  }, [reload, onThreadsChanged]);

  return { threads, suggestionThreads, error, reload };
}
