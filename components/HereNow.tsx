'use client';

import { useLocale } from 'next-intl';
import { useEffect, useSyncExternalStore } from 'react';
import { initials } from '@/lib/text/case';
import { userColour } from '@/lib/text/colour';

type Person = { id: string; name: string };
type Presence = Record<string, Person[]>;

/**
 * One store of who is in which document, shared by every "Here now" cell of the list and
 * filled by one poller, so a page of fifty rows makes one request every few seconds.
 */
let snapshot: Presence | null = null;
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const publish = (next: Presence) => {
  snapshot = next;
  listeners.forEach((l) => l());
};

/** How often the list asks who is where, while the tab is visible. */
const POLL_MS = 4000;

/**
 * Keeps the list's "Here now" live: asks /api/documents/presence every few seconds while
 * the page is visible, and at once when it becomes visible again.
 */
export function PresencePoller() {
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      clearTimeout(timer);
      if (stopped) return;
      if (document.visibilityState === 'visible') {
        try {
          const res = await fetch('/api/documents/presence', { cache: 'no-store' });
          if (res.ok) publish((await res.json()) as Presence);
        } catch {
          // Offline for a moment: keep showing what we knew; the next poll tries again.
        }
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    const onVisible = () => document.visibilityState === 'visible' && void poll();
    timer = setTimeout(() => void poll(), POLL_MS);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);
  return null;
}

/** The people in one document now: coloured initials and names, live once the poller has answered. */
export function HereNow({ documentId, initial }: { documentId: string; initial: Person[] }) {
  const live = useSyncExternalStore(
    subscribe,
    () => snapshot,
    () => null,
  );
  const locale = useLocale();
  const people = live ? (live[documentId] ?? []) : initial;
  if (people.length === 0) return <span className="muted here-nobody">—</span>;
  return (
    <ul className="here-now">
      {people.map((person) => (
        <li key={person.id} className="person" data-testid="here-now-person">
          <span className="avatar" style={{ background: userColour(person.id) }} aria-hidden="true" translate="no">
            {initials(person.name, locale)}
          </span>
          <span className="person-name" translate="no">
            {person.name}
          </span>
        </li>
      ))}
    </ul>
  );
}
