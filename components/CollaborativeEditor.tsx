'use client';

import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { documentExtensions } from '../lib/editor/extensions';

type Status = 'connecting' | 'connected' | 'disconnected';

interface Props {
  documentId: string;
  language: string;
  user: { name: string; color: string };
  /** Why this user cannot edit, or null when they can (decided by the server's policy). */
  readOnlyReason: string | null;
}

interface Session {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
}

/**
 * The shared editor: TipTap over a Y.Doc synced with our collaboration server on the same
 * origin (the session cookie authenticates the websocket). The server decides what may be
 * written; a read-only editor here only mirrors that.
 */
export function CollaborativeEditor(props: Props) {
  const [session, setSession] = useState<Session | null>(null);
  const router = useRouter();
  const editable = props.readOnlyReason === null;

  // A new session whenever editability changes: a document that turned read-only shows
  // exactly the server's text (what was submitted), never a local copy the server refused.
  useEffect(() => {
    const ydoc = new Y.Doc();
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const provider = new WebsocketProvider(`${scheme}://${window.location.host}/collab`, props.documentId, ydoc);
    // 4205: the document's state or our access changed. Ask the server what we may do now.
    const onClose = (event: CloseEvent | null) => {
      if (event?.code === 4205) router.refresh();
    };
    provider.on('connection-close', onClose);
    setSession({ ydoc, provider });
    return () => {
      provider.off('connection-close', onClose);
      provider.destroy();
      ydoc.destroy();
    };
  }, [props.documentId, editable, router]);

  if (!session) return <p className="status">Connecting…</p>;
  return <EditorSurface {...props} session={session} />;
}

function EditorSurface({ session, language, user, readOnlyReason }: Props & { session: Session }) {
  const [status, setStatus] = useState<Status>('connecting');
  const [synced, setSynced] = useState(false);

  useEffect(() => {
    const onStatus = ({ status }: { status: Status }) => setStatus(status);
    const onSync = (isSynced: boolean) => setSynced(isSynced);
    session.provider.on('status', onStatus);
    session.provider.on('sync', onSync);
    // The socket may have opened (and synced) before this effect subscribed: read where it is now.
    const { wsconnected, wsconnecting } = session.provider;
    setStatus(wsconnected ? 'connected' : wsconnecting ? 'connecting' : 'disconnected');
    setSynced(session.provider.synced);
    return () => {
      session.provider.off('status', onStatus);
      session.provider.off('sync', onSync);
    };
  }, [session]);

  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: readOnlyReason === null,
      extensions: [
        ...documentExtensions(),
        Collaboration.configure({ document: session.ydoc }),
        CollaborationCaret.configure({ provider: session.provider, user }),
      ],
      editorProps: {
        attributes: {
          lang: language,
          spellcheck: 'true',
          class: 'prose',
          'aria-label': 'Document text',
          'aria-multiline': 'true',
        },
      },
    },
    [session],
  );

  const statusText = !synced ? (status === 'connected' ? 'Loading…' : 'Connecting…') : status === 'connected' ? 'Connected' : 'Reconnecting…';

  return (
    <section className="editor" aria-label="Editor">
      <div className="editor-bar">
        <span className={`status status-${synced && status === 'connected' ? 'ok' : 'wait'}`} role="status" data-testid="connection-status">
          {statusText}
        </span>
      </div>
      {readOnlyReason && (
        <p className="banner" role="note">
          Read-only: {readOnlyReason}
        </p>
      )}
      <EditorContent editor={editor} className="editor-surface" />
    </section>
  );
}
