'use client';

import { Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import { useTranslations } from 'next-intl';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { documentExtensions } from '@/lib/editor/extensions';
import { RemoteChangesAsTheyCame } from '@/lib/editor/remote-changes';
import { Suggesting, type SuggestRefusal } from '@/lib/editor/suggesting';
import { upperCaseIn } from '@/lib/text/case';
import type { ReadOnlyReason } from '@/lib/workflow/read-only';
import { CommentBubble, CommentTools } from './editor/comments/CommentButtons';
import { ThreadHighlights } from './editor/comments/highlights';
import { ThreadsPanel } from './editor/comments/ThreadsPanel';
import { useCommentThreads } from './editor/comments/useCommentThreads';
import { LinkDialog, ShortcutsDialog } from './editor/Dialogs';
import { ReadOnlyBanner, RescuePanel, useReadOnlySentence } from './editor/LocalCopyNotices';
import { PresenceBar, useCollaborators, useFollow } from './editor/PresenceBar';
import { Counts } from './editor/Counts';
import { SaveStatusLine } from './editor/SaveStatus';
import { TableTools } from './editor/TableTools';
import { Toolbar } from './editor/Toolbar';
import { useEditorSession, type LocalCopy, type Session } from './editor/useEditorSession';
import { useConnectionState } from './editor/useSaveState';
import { useSelectionFirst } from './editor/useSelectionFirst';
import { ModeSwitch, useSuggestions, type SuggestingAbilities } from './editor/suggestions/SuggestionCard';
import './editor/editor.css';
import './editor/comments/comments.css';
import './editor/suggestions/suggestions.css';

interface Props {
  documentId: string;
  language: string;
  /** Speeches show an estimated speaking time. */
  kind: string;
  user: { id: string; name: string; color: string };
  /** Why this user cannot edit, or null when they can (decided by the server's policy; worded here, in the interface language). */
  readOnlyReason: ReadOnlyReason | null;
  /** The server's abilities say this user may comment on passages (every state but archived; not viewers). */
  mayComment: boolean;
  /** The rest of the side column (access, activity), under the comment threads. */
  side?: ReactNode;
  /** What the policy lets this user do with suggestions (issue 21); none when absent. */
  suggesting?: SuggestingAbilities;
}

const NO_SUGGESTING: SuggestingAbilities = { may: false, only: false, accept: false, reject: false };

/**
 * The shared editor: TipTap over a Y.Doc synced with our collaboration server on the same
 * origin (the session cookie authenticates the websocket). The server decides what may be
 * written; a read-only editor here only mirrors that. The session, its copy in this browser
 * (offline edits) and the read-only turns (rescue of refused text) live in `EditorSession` (editor/EditorSession.ts, through `useEditorSession`).
 */
export function CollaborativeEditor(props: Props) {
  const local = useEditorSession({ documentId: props.documentId, userId: props.user.id, readOnlyReason: props.readOnlyReason });
  const sentence = useReadOnlySentence();
  if (!local.session) return <EditorSkeleton side={props.side} />;
  return <EditorSurface {...props} session={local.session} local={local} readOnlyReason={local.readOnly ? sentence(local.readOnly.reason) : null} />;
}

function EditorSkeleton({ side }: { side: ReactNode }) {
  const t = useTranslations('CollaborativeEditor');
  return (
    <div className="editor-layout">
      <section className="editor" aria-label={t('editor')} aria-busy="true">
        <div className="toolbar toolbar-placeholder" />
        <div className="editor-surface">
          <p className="prose muted" role="status">
            {t('connecting')}
          </p>
        </div>
      </section>
      <aside className="side">{side}</aside>
    </div>
  );
}

function EditorSurface({
  session,
  local,
  language,
  kind,
  user,
  readOnlyReason,
  documentId,
  mayComment,
  side,
  suggesting = NO_SUGGESTING,
}: Omit<Props, 'readOnlyReason'> & { session: Session; local: LocalCopy; readOnlyReason: string | null }) {
  // Suggesting mode: chosen in draft, the only mode for those who may only suggest (in review).
  const [suggestChosen, setSuggestChosen] = useState(false);
  const suggestOn = suggesting.only || (suggesting.may && suggestChosen);
  const suggestRef = useRef(suggestOn);
  suggestRef.current = suggestOn;
  const [refusal, setRefusal] = useState<SuggestRefusal | null>(null);
  // Only the connection here: "Saving…"/"Saved" is SaveStatusLine's, so a keystroke does not re-render the editor.
  const save = useConnectionState(session.provider);
  const people = useCollaborators(session.provider);
  const [following, setFollowing] = useState<string | null>(null);
  const followingNow = useRef(following);
  followingNow.current = following;
  const [linkOpen, setLinkOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const surfaceRef = useRef<HTMLDivElement>(null);
  useFollow(session.provider, surfaceRef.current, following);

  // Dialogs open from keyboard shortcuts inside the editor, which lives outside React's state.
  const actions = useRef({
    refused: (why: SuggestRefusal) => setRefusal(why),
    link: () => setLinkOpen(true),
    help: () => setHelpOpen(true),
    upperCase: (_e: Editor) => {},
    openThread: (_id: string) => {},
  });

  const t = useTranslations('CollaborativeEditor');
  const refusals = useTranslations('SuggestRefusal');
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: readOnlyReason === null && local.loaded,
      extensions: [
        ...documentExtensions(),
        Collaboration.configure({ document: session.ydoc }),
        RemoteChangesAsTheyCame,
        ThreadHighlights.configure({ onOpen: (id) => actions.current.openThread(id) }),
        Suggesting.configure({
          isOn: () => suggestRef.current,
          author: () => ({ id: user.id, name: user.name }),
          onRefused: (why) => actions.current.refused(why),
        }),
        CollaborationCaret.configure({ provider: session.provider, user, render: (u) => renderCaret(u, t('someone')) }),
        Extension.create({
          name: 'communiqueShortcuts',
          addKeyboardShortcuts: () => ({
            'Mod-k': () => (actions.current.link(), true),
            'Mod-/': () => (actions.current.help(), true),
            'Shift-F3': ({ editor: e }) => (actions.current.upperCase(e as Editor), true),
          }),
        }),
      ],
      editorProps: {
        attributes: {
          lang: language,
          // The document's text is its writers', in its own language: not the interface's to translate (nor a browser translator's).
          translate: 'no',
          spellcheck: 'true',
          class: 'prose',
          role: 'textbox',
          'aria-label': t('documentText'),
          'aria-multiline': 'true',
        },
      },
      // Typing takes you back from following someone else's caret.
      onUpdate: ({ transaction }) => {
        // Only when following: a state update at every keystroke would render the whole editor around it.
        if (followingNow.current !== null && !transaction.getMeta('y-sync$')) setFollowing(null);
      },
    },
    [session],
  );

  // The editor is made before the local copy is in (EditorSession.open): typing waits for it.
  // An empty transaction after the switch, so that what reads `isEditable` (the toolbar) reads again.
  const mayType = readOnlyReason === null && local.loaded;
  useEffect(() => {
    if (!editor || editor.isDestroyed || editor.isEditable === mayType) return;
    editor.setEditable(mayType, false);
    editor.view.dispatch(editor.state.tr);
  }, [editor, mayType]);

  useSelectionFirst(editor, session.provider);
  const suggestions = useSuggestions(editor);
  const comments = useCommentThreads({
    editor,
    documentId,
    reader: { id: user.id, name: user.name },
    mayComment,
    onThreadsChanged: local.onThreadsChanged,
    suggestions,
    suggesting: { abilities: suggesting, me: user.id, documentId },
  });
  actions.current.openThread = comments.openThread;

  const upperCase = useCallback((e: Editor) => upperCaseSelection(e, language), [language]);
  actions.current.upperCase = upperCase;

  return (
    <div className="editor-layout">
      <section className="editor" aria-label={t('editor')} aria-busy={!local.loaded} data-connection={save.connection} data-synced={save.synced}>
        <div className="editor-top">
          {editor && editable(readOnlyReason) && suggesting.only ? (
            <div className="toolbar toolbar-readonly">
              <span className="muted">{t('suggesting')}</span>
            </div>
          ) : editor && editable(readOnlyReason) ? (
            <Toolbar editor={editor} onLink={() => setLinkOpen(true)} onUpperCase={() => upperCase(editor)} onHelp={() => setHelpOpen(true)} />
          ) : (
            <div className="toolbar toolbar-readonly">
              <span className="muted">{readOnlyReason ? t('reading') : t('loading')}</span>
            </div>
          )}
          <CommentTools
            canStart={comments.canStart}
            mayComment={mayComment}
            openCount={comments.openCount}
            onStart={comments.start}
            onShowPanel={comments.showPanel}
          />
          <div className="presence-wrap">
            <PresenceBar people={people} following={following} onFollow={setFollowing} />
          </div>
          {editor && editable(readOnlyReason) && <TableTools editor={editor} />}
        </div>
        {editor && editable(readOnlyReason) && suggesting.may && (
          // Its own row under the toolbar: the toolbar keeps its width (and what folds into "More").
          <div className="mode-bar">
            <ModeSwitch
              suggesting={suggesting}
              on={suggestOn}
              onChange={(on) => {
                setSuggestChosen(on);
                setRefusal(null);
              }}
            />
            <span className="muted suggest-note">{suggesting.only ? t('noteOnlySuggest') : suggestOn ? t('noteSuggesting') : t('noteEditing')}</span>
          </div>
        )}
        <ReadOnlyBanner reason={readOnlyReason} />
        {refusal && suggestOn && (
          <p className="banner" role="alert" data-testid="suggest-refusal">
            {refusals(refusal)}
          </p>
        )}
        <RescuePanel text={local.rescueText} onDismiss={local.dismissRescue} />
        <div ref={surfaceRef} className="editor-surface">
          <EditorContent editor={editor} />
          {editor && mayComment && <CommentBubble editor={editor} surface={surfaceRef} hidden={comments.panel.draft !== null} onStart={comments.start} />}
        </div>
        <footer className="editor-foot">
          <SaveStatusLine
            ydoc={session.ydoc}
            provider={session.provider}
            readOnlyReason={readOnlyReason}
            offline={local.offline}
            pendingChanges={local.pendingChanges}
            keptChanges={local.keptChanges}
          />
          {editor && <Counts editor={editor} language={language} speech={kind === 'speech'} />}
        </footer>
        {editor && (
          <LinkDialog
            open={linkOpen}
            initial={(editor.getAttributes('link').href as string | undefined) ?? ''}
            onClose={() => {
              setLinkOpen(false);
              editor.commands.focus();
            }}
            onSubmit={(href) => {
              setLinkOpen(false);
              // A bare caret outside a link: the address goes in as the link's text (a link on
              // nothing would only mark what is typed next, and nothing would show).
              if (href && editor.state.selection.empty && !editor.isActive('link')) {
                editor
                  .chain()
                  .focus()
                  .insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] })
                  .unsetMark('link')
                  .run();
                return;
              }
              const chain = editor.chain().focus().extendMarkRange('link');
              (href ? chain.setLink({ href }) : chain.unsetLink()).run();
            }}
          />
        )}
        <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      </section>
      <aside className="side">
        <ThreadsPanel {...comments.panel} />
        {side}
      </aside>
    </div>
  );
}

function editable(readOnlyReason: string | null): boolean {
  return readOnlyReason === null;
}

/**
 * Upper-cases the selected text in the document's language, keeping its formatting. Text
 * nodes are replaced from the last to the first, so a capital longer than its small letter
 * (German ß → SS) does not shift the positions still to come.
 */
function upperCaseSelection(editor: Editor, language: string): void {
  const { state } = editor;
  const { from, to, empty } = state.selection;
  if (empty) return;
  const pieces: { start: number; end: number; text: string; marks: readonly import('@tiptap/pm/model').Mark[] }[] = [];
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isText || !node.text) return;
    const start = Math.max(from, pos);
    const end = Math.min(to, pos + node.text.length);
    if (start < end) pieces.push({ start, end, text: node.text.slice(start - pos, end - pos), marks: node.marks });
  });
  const tr = state.tr;
  for (const piece of pieces.reverse()) {
    const upper = upperCaseIn(piece.text, language);
    if (upper !== piece.text) tr.replaceWith(piece.start, piece.end, state.schema.text(upper, piece.marks));
  }
  if (tr.docChanged) editor.view.dispatch(tr.scrollIntoView());
  editor.commands.focus();
}

/** A collaborator's caret, marked with who it is (for following it). */
function renderCaret(user: Record<string, unknown>, someone: string): HTMLElement {
  const color = typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#6b7280';
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = color;
  if (typeof user.id === 'string') caret.dataset.userId = user.id;
  const label = document.createElement('div');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  label.textContent = typeof user.name === 'string' ? user.name : someone;
  caret.append(label);
  return caret;
}
