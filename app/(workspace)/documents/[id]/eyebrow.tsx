import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ownLanguageName } from '@/lib/languages/tags';
import type { DocumentState } from '@/lib/workflow/states';

/**
 * The line above a document's title on its pages: kind · the language named in itself ·
 * state, in the interface language; `children` follow on the same line (the document page
 * adds approvals and reviews).
 */
export async function DocumentEyebrow({ kind, language, state, children }: { kind: string; language: string; state: DocumentState; children?: ReactNode }) {
  const [kinds, states] = await Promise.all([getTranslations('kinds'), getTranslations('states')]);
  return (
    <p className="eyebrow">
      {kinds(kind as Parameters<typeof kinds>[0])} ·{' '}
      <span lang={language} translate="no">
        {ownLanguageName(language)}
      </span>{' '}
      · <span className={`state state-${state}`}>{states(state)}</span>
      {children}
    </p>
  );
}
