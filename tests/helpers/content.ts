import { getSchema } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { documentExtensions } from '@/lib/editor/extensions';
import { connectClient, waitSynced } from './collab';
import { waitFor } from './server';

const schema = getSchema(documentExtensions());

/**
 * Writes a whole ProseMirror body into a document as an editor would: through a real
 * y-websocket client, into the `default` XmlFragment, and waits until a second client has
 * received it (so the server has committed it).
 */
export async function writeBody(baseUrl: string, documentId: string, cookie: string, body: object): Promise<void> {
  const writer = connectClient(baseUrl, documentId, cookie);
  const reader = connectClient(baseUrl, documentId, cookie);
  try {
    await Promise.all([waitSynced(writer), waitSynced(reader)]);
    writer.ydoc.transact(() => prosemirrorJSONToYXmlFragment(schema, body, writer.ydoc.getXmlFragment('default')));
    const expected = writer.ydoc.getXmlFragment('default').length;
    await waitFor(() => reader.ydoc.getXmlFragment('default').length === expected && expected > 0, 'the body to reach a second client');
  } finally {
    writer.destroy();
    reader.destroy();
  }
}
