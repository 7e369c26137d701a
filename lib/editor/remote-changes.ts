import { Extension } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';

/**
 * The TipTap plugins that add to a change as it is applied (`appendTransaction`), each with
 * the transaction meta that tells it to let one change be.
 */
const LEAVE_AS_IT_CAME = [
  // Link: an address followed by a space becomes a link.
  'preventAutolink',
  // TrailingNode: a text that ends in a table or heading gets an empty paragraph after it.
  'skipTrailingNode',
  // The core keymap: a document emptied while all of it was selected gets its first block back.
  'preventClearDocument',
] as const;

/**
 * A colleague's change is applied in this editor exactly as it came. y-tiptap hands each
 * change that arrives through Yjs to ProseMirror as a transaction (`isChangeOrigin`), and the
 * plugins above ran on it as on one typed here: a colleague's "https://… " was turned into a
 * link by every editor that received it, each writing that second change into the text under
 * its own user's name, and a reader's editor tried to write what the server refuses it.
 * The editor of the person who typed makes those changes; the others only show them.
 * (tests/e2e/remote-edits.test.ts)
 */
export const RemoteChangesAsTheyCame = Extension.create({
  name: 'remoteChangesAsTheyCame',
  dispatchTransaction({ transaction, next }) {
    if (isChangeOrigin(transaction)) for (const meta of LEAVE_AS_IT_CAME) transaction.setMeta(meta, true);
    next(transaction);
  },
});
