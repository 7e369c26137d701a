/** A placeholder origin to resolve against: only the question "is it still this origin?" matters. */
const HOME = 'https://communique.invalid';

/**
 * Where to go after sign-in: `raw` resolved against our own origin the way a browser would
 * (backslashes, tabs and newlines, `//host`, encoded or not) and kept only when it stays on
 * that origin, as a path with its query and fragment. Anything that would leave the site —
 * `/\evil.example`, `/%09/evil.example`, `//evil`, `https://evil` — gives `fallback`.
 */
export function returnPath(raw: string | null | undefined, fallback = '/documents'): string {
  if (!raw) return fallback;
  let url: URL;
  try {
    url = new URL(raw, `${HOME}/`);
  } catch {
    return fallback;
  }
  if (url.origin !== HOME) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The result is read again by the browser: it must not turn into `//host` there either.
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : fallback;
}
