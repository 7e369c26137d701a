import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

/*
 * The browser's copies of drafts (y-indexeddb), one IndexedDB database per user and
 * document (local-copy-name.ts). Every database of the app's origin is the app's: signing
 * out deletes them all.
 */

/** Dispatched on `window` before the copies are deleted: open editors let go of theirs. */
export const LOCAL_COPIES_CLEARED = 'communique:local-copies-cleared';

/**
 * Deletes one database; resolves once it is gone (or could not be: the cause is logged).
 * Another tab holding it open closes it on `versionchange` (y-indexeddb does); if one does
 * not, this resolves after two seconds while the deletion stays queued, and IndexedDB still
 * runs any later open of the same name after it.
 */
export function deleteDatabase(name: string): Promise<void> {
  if (typeof indexedDB === 'undefined') return Promise.resolve();
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => {
      console.error(`could not delete the local copy ${name}`, request.error);
      resolve();
    };
    request.onblocked = () => setTimeout(resolve, 2000);
  });
}

/** Whether a local copy exists (a browser without indexedDB.databases() answers true: look). */
export async function hasLocalCopy(name: string): Promise<boolean> {
  if (typeof indexedDB === 'undefined') return false;
  if (typeof indexedDB.databases !== 'function') return true;
  return (await indexedDB.databases()).some((db) => db.name === name);
}

/**
 * The document as this browser kept it, in a Y.Doc of its own (nothing is connected to it),
 * or null when there is no copy. Used to rescue text from a copy left by an editable session
 * when the document is now read-only.
 */
export async function loadLocalCopy(name: string): Promise<Y.Doc | null> {
  if (!(await hasLocalCopy(name))) return null;
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(name, doc);
  await persistence.whenSynced;
  await persistence.destroy();
  if (doc.getXmlFragment('default').length === 0) {
    doc.destroy();
    return null;
  }
  return doc;
}

/**
 * Deletes every local copy of every document in this browser (all IndexedDB databases of
 * the app's origin, after telling open editors to close theirs; the service worker and the
 * pages it keeps for offline use). Called when signing out: a shared computer must not keep
 * embargoed drafts.
 */
export async function clearAllLocalCopies(): Promise<void> {
  // The worker goes first, so that it keeps nothing of the pages that follow.
  if ('serviceWorker' in navigator) await Promise.all((await navigator.serviceWorker.getRegistrations()).map((r) => r.unregister()));
  if (typeof caches !== 'undefined') await Promise.all((await caches.keys()).map((key) => caches.delete(key)));
  if (typeof indexedDB === 'undefined') return;
  window.dispatchEvent(new Event(LOCAL_COPIES_CLEARED));
  const names = typeof indexedDB.databases === 'function' ? (await indexedDB.databases()).map((db) => db.name).filter((n): n is string => !!n) : [];
  await Promise.all(names.map(deleteDatabase));
}

const OFFLINE_CACHE = 'communique-offline-v1'; // as in public/sw.js

/**
 * Lets this document page open without a network next time: registers the service worker
 * (public/sw.js), which keeps each document page it serves, and, on the visit that
 * registered it (the worker saw none of this page's requests), stores this page and the
 * built assets it loaded.
 */
export async function keepPageForOffline(): Promise<void> {
  if (!('serviceWorker' in navigator) || typeof caches === 'undefined') return;
  const controlled = navigator.serviceWorker.controller !== null;
  await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  if (controlled) return;
  const cache = await caches.open(OFFLINE_CACHE);
  const assets = performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name))
    .filter((u) => u.origin === location.origin && u.pathname.startsWith('/_next/static/'))
    .map((u) => u.pathname + u.search);
  const page = await fetch(location.pathname, { credentials: 'same-origin' });
  if (page.ok && !page.redirected) await cache.put(location.pathname, page);
  await cache.addAll([...new Set(assets)]);
}
