/** The IndexedDB database that keeps `userId`'s copy of a document (local-copy.ts; the page's early socket looks for it by name). */
export function localCopyName(userId: string, documentId: string): string {
  return `communique:${userId}:${documentId}`;
}
