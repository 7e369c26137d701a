/**
 * Signs this browser out: every local copy of every document first (shared computers keep no
 * drafts), then the session, then the sign-in page. What it needs (next-auth's client, Yjs and
 * y-indexeddb) is loaded when someone signs out, not with every page that shows the button.
 */
export async function signOutHere(): Promise<void> {
  const [{ clearAllLocalCopies }, { signOut }] = await Promise.all([import('./editor/local-copy'), import('next-auth/react')]);
  await clearAllLocalCopies();
  await signOut({ redirect: false });
  window.location.assign('/signin');
}
