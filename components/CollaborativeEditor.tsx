'use client';

import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect, useState } from 'react';
import { documentExtensions } from '../lib/editor/extensions';
import { LocalCopyStatus, ReadOnlyBanner, RescuePanel } from './editor/LocalCopyNotices';
import { useLocalCopy, type LocalCopy, type Session } from './editor/useLocalCopy';

type Status = 'connecting' | 'connected' | 'disconnected';

interface Props {
  documentId: string;
  language: string;
  user: { id: string; name: string; color: string };
  /** Why this user cannot edit, or null when they can (decided by the server's policy). */
  readOnlyReason: string | null;
}

/**
 * The shared editor: TipTap over a Y.Doc synced with our collaboration server on the same
 * origin (the session cookie authenticates the websocket). The server decides what may be
 * written; a read-only editor here only mirrors that. The session, its copy in this browser
 * and the read-only turns live in `useLocalCopy` (components/editor/).
 */
export function CollaborativeEditor(props: Props) {
  const local = useLocalCopy({ documentId: props.documentId, userId: props.user.id, readOnlyReason: props.readOnlyReason });
  if (!local.session) return <p className="status">Connecting…</p>;
  return <EditorSurface {...props} session={local.session} local={local} readOnlyReason={local.readOnly?.reason ?? null} />;
}

function EditorSurface({ session, local, language, user, readOnlyReason }: Props & { session: Session; local: LocalCopy }) {
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
      <LocalCopyStatus offline={local.offline} pending={local.pendingChanges} kept={local.keptChanges} editable={readOnlyReason === null} />
      <ReadOnlyBanner reason={readOnlyReason} />
      <RescuePanel text={local.rescueText} onDismiss={local.dismissRescue} />
      <EditorContent editor={editor} className="editor-surface" />
    </section>
  );
}
