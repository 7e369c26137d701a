'use client';

import { signOut } from 'next-auth/react';
import { clearAllLocalCopies } from './editor/local-copy';

/** Signs out after deleting every copy of a document this browser kept (IndexedDB). */
export function SignOutButton({ label }: { label: string }) {
  return (
    <button
      type="button"
      className="link-button"
      onClick={async () => {
        // Every local copy of every document goes first: shared computers keep no drafts.
        await clearAllLocalCopies();
        await signOut({ redirect: false });
        window.location.assign('/signin');
      }}
    >
      {label}
    </button>
  );
}
