'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { initials } from '@/lib/text/case';

export interface Collaborator {
  clientId: number;
  userId: string;
  name: string;
  color: string;
}

/** Everyone else in the document now, one entry per person (their latest tab). */
export function useCollaborators(provider: WebsocketProvider): Collaborator[] {
  const [people, setPeople] = useState<Collaborator[]>([]);
  useEffect(() => {
    const awareness = provider.awareness;
    const read = () => {
      const byUser = new Map<string, Collaborator>();
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue;
        const user = (state as { user?: { id?: unknown; name?: unknown; color?: unknown } }).user;
        if (!user || typeof user.id !== 'string' || typeof user.name !== 'string') continue;
        byUser.set(user.id, { clientId, userId: user.id, name: user.name, color: typeof user.color === 'string' ? user.color : '#6b7280' });
      }
      const next = [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
      setPeople((prev) => (sameList(prev, next) ? prev : next));
    };
    awareness.on('change', read);
    read();
    return () => awareness.off('change', read);
  }, [provider]);
  return people;
}

function sameList(a: Collaborator[], b: Collaborator[]): boolean {
  return a.length === b.length && a.every((p, i) => p.userId === b[i]!.userId && p.clientId === b[i]!.clientId && p.color === b[i]!.color);
}

/**
 * Who is here: an avatar per person. Clicking one follows their caret (the page scrolls to
 * it whenever they move) until it is clicked again or you start typing.
 */
export function PresenceBar({ people, following, onFollow }: { people: Collaborator[]; following: string | null; onFollow: (userId: string | null) => void }) {
  const t = useTranslations('PresenceBar');
  const locale = useLocale();
  // Alone: a muted mark the size of one avatar, named for screen readers. A line of text here
  // took a row of its own beside the tools, and the text jumped by that row whenever a
  // colleague came or went.
  if (people.length === 0)
    return (
      <span className="presence-empty" role="img" aria-label={t('onlyYou')} title={t('onlyYou')}>
        <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true" focusable="false">
          <circle cx="8" cy="5.5" r="2.75" />
          <path d="M2.75 14c.6-2.9 2.7-4.5 5.25-4.5s4.65 1.6 5.25 4.5" strokeLinecap="round" />
        </svg>
      </span>
    );
  return (
    <ul className="presence" aria-label={t('label')}>
      {people.map((p) => {
        const on = following === p.userId;
        const letters = initials(p.name, locale);
        return (
          <li key={p.userId}>
            <button
              type="button"
              className={`presence-avatar${on ? ' following' : ''}`}
              style={{ backgroundColor: p.color, ['--ring' as string]: p.color }}
              aria-pressed={on}
              // The visible initials are part of the name, so speech input ("click RK") works too.
              aria-label={t(on ? 'stopFollowing' : 'follow', { name: p.name, initials: letters })}
              title={t(on ? 'followingTitle' : 'followTitle', { name: p.name })}
              data-user-name={p.name}
              onClick={() => onFollow(on ? null : p.userId)}
            >
              {letters}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** Keeps the followed person's caret in view as they move. */
export function useFollow(provider: WebsocketProvider, root: HTMLElement | null, following: string | null): void {
  useEffect(() => {
    if (!following || !root) return;
    const show = () => {
      const caret = root.querySelector<HTMLElement>(`.collaboration-carets__caret[data-user-id="${CSS.escape(following)}"]`);
      caret?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    };
    // The caret is redrawn after the awareness change is applied to the view.
    const onChange = () => requestAnimationFrame(show);
    provider.awareness.on('change', onChange);
    show();
    return () => provider.awareness.off('change', onChange);
  }, [provider, root, following]);
}
