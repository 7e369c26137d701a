'use client';

import { useRouter } from 'next/navigation';

export function MarkReadButton({ upTo }: { upTo: number }) {
  const router = useRouter();
  return (
    <button
      type="button"
      onClick={async () => {
        await fetch('/api/notifications/read', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ upTo }) });
        router.refresh();
      }}
    >
      Mark all as read
    </button>
  );
}
