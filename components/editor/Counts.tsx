'use client';

import type { Editor } from '@tiptap/react';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { countDocumentWithin } from '@/lib/editor/document-counts';
import { DEFAULT_WORDS_PER_MINUTE, speakingSeconds, type TextCounts } from '@/lib/text/counts';
import { dateLocale } from '@/lib/text/dates';
import { formatWholeNumber } from '@/lib/text/locale-patterns';

const WPM_KEY = 'communique.wordsPerMinute';
/** At most this long (ms) of counting in one go, so a long text's first count is never a long task. */
const SLICE_MS = 12;

type Idle = (run: (deadline: { timeRemaining(): number }) => void) => () => void;

/** requestIdleCallback where there is one (with a deadline: a count is late by at most a moment), else a timer. */
const whenIdle: Idle = (run) => {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(run, { timeout: 500 });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = window.setTimeout(() => run({ timeRemaining: () => SLICE_MS }), 50);
  return () => window.clearTimeout(handle);
};

/**
 * Words, characters and, for speeches, the time it takes to deliver them. Counted block by
 * block (countDocument caches each paragraph's counts by node identity), off the keystroke
 * path: after a change the count runs when the browser is idle, a slice of paragraphs at a
 * time, so the first count of a 100-page text never holds up the open or a keystroke. React
 * re-renders this span only when a number moved.
 */
export function Counts({ editor, language, speech }: { editor: Editor; language: string; speech: boolean }) {
  const t = useTranslations('Counts');
  const locale = dateLocale(useLocale());
  const [counts, setCounts] = useState<TextCounts | null>(null);
  useEffect(() => {
    let cancel: (() => void) | null = null;
    const run = (deadline: { timeRemaining(): number }) => {
      cancel = null;
      if (editor.isDestroyed) return;
      const end = performance.now() + Math.max(4, Math.min(SLICE_MS, deadline.timeRemaining()));
      const next = countDocumentWithin(editor.state.doc, language, () => performance.now() < end);
      if (next === null) return schedule();
      setCounts((prev) => (prev && prev.words === next.words && prev.characters === next.characters ? prev : next));
    };
    const schedule = () => {
      cancel ??= whenIdle(run);
    };
    const onTransaction = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (transaction.docChanged) schedule();
    };
    editor.on('transaction', onTransaction);
    schedule();
    return () => {
      editor.off('transaction', onTransaction);
      cancel?.();
    };
  }, [editor, language]);
  const [wpm, setWpm] = useState(DEFAULT_WORDS_PER_MINUTE);
  useEffect(() => {
    const stored = Number(window.localStorage.getItem(WPM_KEY));
    if (stored >= 40 && stored <= 300) setWpm(stored);
  }, []);
  if (!counts) {
    return (
      <span className="counts muted" data-testid="counts" aria-busy="true">
        <span data-testid="word-count">{t('counting')}</span>
        <span />
      </span>
    );
  }
  const { words, characters } = counts;
  // Numbers follow the interface's language: "6.555 simvol", "6 555 таңба", where Chromium's own
  // Intl, without data for az, kk, ky and uz, would write "6,555" (a decimal comma to their readers).
  const seconds = speakingSeconds(words, wpm);
  const minutes = Math.floor(seconds / 60);
  const duration = minutes === 0 ? t('seconds', { seconds }) : t('minutes', { minutes, seconds: String(seconds % 60).padStart(2, '0') });
  return (
    <span className="counts" data-testid="counts">
      <span data-testid="word-count">{t('words', { count: words, shown: formatWholeNumber(words, locale) })}</span>
      <span>{t('characters', { count: characters, shown: formatWholeNumber(characters, locale) })}</span>
      {speech && (
        <span className="speaking">
          <span data-testid="speaking-time">{t('deliverAt', { duration })}</span>
          <label>
            <input
              type="number"
              min={40}
              max={300}
              step={5}
              value={wpm}
              aria-label={t('pace')}
              onChange={(e) => {
                const next = Number(e.target.value);
                setWpm(next);
                if (next >= 40 && next <= 300) window.localStorage.setItem(WPM_KEY, String(next));
              }}
            />{' '}
            {t('perMinute')}
          </label>
        </span>
      )}
    </span>
  );
}
