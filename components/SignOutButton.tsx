'use client';

import { signOutHere } from './sign-out';

/** Signs out after deleting every copy of a document this browser kept (IndexedDB). */
export function SignOutButton({ label }: { label: string }) {
  return (
    <button type="button" className="link-button" onClick={() => void signOutHere()}>
      {label}
    </button>
  );
}
