/**
 * The label a restore gives the version that keeps the text it replaces, in the server's
 * English (stored as data, as the API returns it). Pages name that version in the reader's
 * language from the restored version's name, which `restoredName` reads back: the format
 * lives here once, for the command that writes it and the page that reads it.
 */
export function beforeRestoringLabel(name: string): string {
  return `Before restoring “${name}”`;
}

/** The restored version's name in a label `beforeRestoringLabel` wrote, or null for any other label. */
export function restoredName(label: string): string | null {
  return /^Before restoring “(.*)”$/s.exec(label)?.[1] ?? null;
}
