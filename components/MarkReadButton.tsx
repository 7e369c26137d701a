'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';

/** Marks the notifications up to `upTo` as read (`MarkReadButton`). */
export function MarkReadButton({ upTo }: { upTo: number }) {
  const router = useRouter();
  const t = useTranslations('MarkReadButton');
  return (
    <button
      type="button"
      onClick={async () => {
        await fetch('/api/notifications/read', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ upTo }) });
        router.refresh();
      }}
    >
      {t('label')}
    </button>
  );
}
