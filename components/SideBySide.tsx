'use client';

import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { useLocale, useTranslations } from 'next-intl';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { canonicalContentJson } from '@/lib/editor/content';
import { type BlockMark, blockKeys, markBlocks } from '@/lib/languages/aligned-blocks';
import { ownLanguageName } from '@/lib/languages/tags';
import type { LanguageGroupView } from '@/lib/languages/view';
import { canonicalJson } from '@/lib/text/canonical-json';
import { DocumentBody, type PMJson } from './DocumentBody';
import { LanguageBar } from './LanguageBar';

/** The view's "since alignment" sentence: how many of the master's paragraphs are new, changed, removed. */
function summary(t: (key: string, values?: Record<string, string | number>) => string, added: number, changed: number, removed: number): string {
  if (added + changed + removed === 0) return t('summaryNone');
  const parts: string[] = [];
  if (added) parts.push(t('partAdded', { count: added }));
  if (changed) parts.push(t('partChanged', { count: changed }));
  if (removed) parts.push(t('partRemoved', { count: removed }));
  return t('summary', { parts: parts.join(', ') });
}

interface Side {
  id: string;
  language: string;
  title: string;
}

/** The live master, read through its own read-only socket: its blocks, canonical, and how the socket is. */
interface MasterBody {
  blocks: PMJson[] | null;
  keys: string[];
  status: 'connecting' | 'live' | 'offline';
  unsupported: boolean;
}

/**
 * The master's Y.Doc, followed live through a socket of its own opened with `?read=1` (the
 * server judges it like any socket of this user, by the master's own access, and never lets
 * it write). Nothing of this user's presence is published there. `onChange` is called after
 * every update from the server, for whoever must read something again (the stale flag).
 */
function useMasterBody(masterId: string, onChange: () => void): MasterBody {
  const [body, setBody] = useState<MasterBody>({ blocks: null, keys: [], status: 'connecting', unsupported: false });
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const ydoc = new Y.Doc();
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const provider = new WebsocketProvider(`${scheme}://${window.location.host}/collab`, masterId, ydoc, { disableBc: true, params: { read: '1' } });
    provider.awareness.setLocalState(null);
    let frame = 0;
    let synced = false;
    const read = () => {
      frame = 0;
      try {
        const doc = JSON.parse(canonicalContentJson(yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment('default')))) as PMJson;
        const blocks = doc.content ?? [];
        setBody((b) => ({ ...b, blocks, keys: blocks.map((block) => canonicalJson(block)), unsupported: false }));
      } catch {
        setBody((b) => ({ ...b, unsupported: true }));
      }
    };
    const onUpdate = () => {
      if (!synced) return;
      if (!frame) frame = window.setTimeout(read, 50);
      changed.current();
    };
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      synced = true;
      read();
      setBody((b) => ({ ...b, status: 'live' }));
      changed.current();
    };
    const onStatus = ({ status }: { status: string }) => {
      if (status !== 'connected') setBody((b) => ({ ...b, status: b.blocks ? 'offline' : 'connecting' }));
    };
    ydoc.on('update', onUpdate);
    provider.on('sync', onSync);
    provider.on('status', onStatus);
    return () => {
      if (frame) window.clearTimeout(frame);
      ydoc.off('update', onUpdate);
      provider.off('sync', onSync);
      provider.off('status', onStatus);
      provider.destroy();
      ydoc.destroy();
    };
  }, [masterId]);
  return body;
}

/** The translation's language group, read again (debounced) whenever `refresh` is called. */
function useLanguageGroup(documentId: string, initial: LanguageGroupView): { group: LanguageGroupView; refresh: () => void } {
  const [group, setGroup] = useState(initial);
  const timer = useRef(0);
  const refresh = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(async () => {
      const res = await fetch(`/api/documents/${encodeURIComponent(documentId)}/languages`, { cache: 'no-store' }).catch(() => null);
      if (res?.ok) setGroup((await res.json()) as LanguageGroupView);
    }, 300);
  }, [documentId]);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return { group, refresh };
}

/** The blocks of the master version a translation was aligned with (null: not aligned, or not yet read). */
function useAlignedKeys(masterId: string, versionId: string | null): { keys: string[] | null; failed: boolean } {
  const [state, setState] = useState<{ for: string | null; keys: string[] | null; failed: boolean }>({ for: null, keys: null, failed: false });
  useEffect(() => {
    if (!versionId) return;
    let live = true;
    void (async () => {
      try {
        const res = await fetch(`/api/documents/${encodeURIComponent(masterId)}/versions/${encodeURIComponent(versionId)}`, { cache: 'no-store' });
        if (!res.ok) throw new Error(String(res.status));
        const version = (await res.json()) as { content: unknown };
        if (live) setState({ for: versionId, keys: blockKeys(version.content), failed: false });
      } catch {
        if (live) setState({ for: versionId, keys: null, failed: true });
      }
    })();
    return () => {
      live = false;
    };
  }, [masterId, versionId]);
  return state.for === versionId ? { keys: state.keys, failed: state.failed } : { keys: null, failed: false };
}

/** The top-level block at the top of `container` and how far into it the top is (0..1). */
function blockAtTop(container: HTMLElement, blocks: Element[]): { index: number; fraction: number } | null {
  const top = container.getBoundingClientRect().top;
  for (let i = 0; i < blocks.length; i++) {
    const r = blocks[i]!.getBoundingClientRect();
    if (r.bottom > top) return { index: i, fraction: r.height > 0 ? Math.min(1, Math.max(0, (top - r.top) / r.height)) : 0 };
  }
  return null;
}

/** The scroll containers of both columns and their top-level blocks (the editor may mount later: asked each time). */
function columns(root: HTMLElement): { master: HTMLElement; translation: HTMLElement; blocks: Map<HTMLElement, Element[]> } | null {
  const master = root.querySelector<HTMLElement>('.sbs-scroll');
  const translation = root.querySelector<HTMLElement>('.sbs-translation .editor-surface');
  const prose = translation?.querySelector('.ProseMirror');
  if (!master || !translation || !prose) return null;
  const blocks = new Map<HTMLElement, Element[]>([
    [master, [...master.querySelectorAll('.sbs-block')]],
    [translation, [...prose.children]],
  ]);
  return { master, translation, blocks };
}

/**
 * Scrolling together, by top-level block index: when one column scrolls, the block at its
 * top (and how far into it) is found, and the other column is scrolled so that its block of
 * the same index sits at its top, as far in. Only where the columns stand side by side
 * (wide screens) and while "Scroll together" is on. A scroll this code made is not echoed back.
 */
function useScrollTogether(root: React.RefObject<HTMLDivElement | null>, on: boolean): void {
  useEffect(() => {
    const el = root.current;
    if (!el || !on) return;
    const wide = window.matchMedia('(min-width: 900px)');
    const moved = new WeakMap<HTMLElement, number>();
    const onScroll = (event: Event) => {
      if (!wide.matches) return;
      const cols = columns(el);
      const source = event.target as HTMLElement;
      if (!cols || (source !== cols.master && source !== cols.translation)) return;
      const echo = moved.get(source);
      if (echo !== undefined && Math.abs(echo - source.scrollTop) < 2) {
        moved.delete(source);
        return;
      }
      const target = source === cols.master ? cols.translation : cols.master;
      let top: number;
      const sourceMax = source.scrollHeight - source.clientHeight;
      if (source.scrollTop <= 0) top = 0;
      else if (source.scrollTop >= sourceMax - 1) top = target.scrollHeight - target.clientHeight;
      else {
        const at = blockAtTop(source, cols.blocks.get(source)!);
        const there = cols.blocks.get(target)!;
        if (!at || there.length === 0) return;
        const block = there[Math.min(at.index, there.length - 1)]!.getBoundingClientRect();
        top = target.scrollTop + (block.top - target.getBoundingClientRect().top) + at.fraction * block.height;
      }
      const before = target.scrollTop;
      target.scrollTop = top;
      if (Math.abs(target.scrollTop - before) >= 1) moved.set(target, target.scrollTop);
    };
    el.addEventListener('scroll', onScroll, { capture: true, passive: true });
    return () => el.removeEventListener('scroll', onScroll, { capture: true });
  }, [root, on]);
}

/**
 * The side-by-side view of a language version (issue 23): the master read-only on the left,
 * followed live through its own read-only socket; the translation's normal collaborative
 * editor on the right (`editor`, with its own permissions, save status and workflow rules).
 * Paragraphs of the master that are new or changed since the text this version was aligned
 * with (alignedWith.versionId) are marked, block by block. The language group is read
 * again whenever the master changes, so "master changed" appears as it happens. Narrow
 * screens stack the columns, master first.
 */
export function SideBySide({
  translation,
  master,
  initialGroup,
  mayAlign,
  editor,
}: {
  translation: Side;
  master: Side;
  initialGroup: LanguageGroupView;
  mayAlign: boolean;
  editor: ReactNode;
}) {
  const t = useTranslations('SideBySide');
  // The view's own sentences sit inside the master's column (lang = the master's language): they say which language they are in.
  const locale = useLocale();
  const { group, refresh } = useLanguageGroup(translation.id, initialGroup);
  const body = useMasterBody(master.id, refresh);
  const self = group.members.find((m) => m.id === translation.id);
  const aligned = useAlignedKeys(master.id, self?.alignedWith?.versionId ?? null);
  const { marks, removed } = useMemo(
    () => (aligned.keys ? markBlocks(aligned.keys, body.keys) : { marks: body.keys.map((): BlockMark => 'same'), removed: 0 }),
    [aligned.keys, body.keys],
  );
  const [together, setTogether] = useState(true);
  const root = useRef<HTMLDivElement>(null);
  useScrollTogether(root, together);
  const masterName = ownLanguageName(master.language);
  const translationName = ownLanguageName(translation.language);

  return (
    <div className="side-by-side" ref={root}>
      <div className="sbs-bar">
        <LanguageBar documentId={translation.id} group={group} mayAlign={mayAlign} mayAdd={false} sideBySide={false} />
        <label className="sbs-together">
          <input type="checkbox" checked={together} onChange={(e) => setTogether(e.target.checked)} /> {t('scrollTogether')}
        </label>
        {/* On a phone the columns stack and the whole master comes first. */}
        <a className="sbs-skip" href="#sbs-translation-heading">
          {t('toTranslation')} ↓
        </a>
      </div>
      <div className="sbs-columns">
        <section className="sbs-column sbs-master" aria-labelledby="sbs-master-heading" lang={master.language}>
          <h2 id="sbs-master-heading">
            {t('masterHeading', { language: masterName })} <span className="muted">({t('readOnly')})</span>
          </h2>
          <p className="sbs-note muted" role="status" lang={locale} data-testid="sbs-master-status">
            {body.unsupported
              ? t('unsupported')
              : body.status === 'live'
                ? `${t('live')} ${!self?.alignedWith ? t('neverAligned') : aligned.failed ? t('alignedUnreadable') : aligned.keys ? summary(t, marks.filter((m) => m === 'added').length, marks.filter((m) => m === 'changed').length, removed) : ''}`
                : body.status === 'offline'
                  ? t('offline')
                  : t('connecting')}
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it */}
          <section className="sbs-scroll" aria-label={t('masterRegion')} tabIndex={0} data-testid="sbs-master">
            {body.blocks?.length === 0 && <p className="muted">{t('empty')}</p>}
            {body.blocks?.map((block, i) => {
              const mark = marks[i] ?? 'same';
              return (
                // Keyed by place: blocks are compared with the aligned text by their place in the master.
                <div key={i} className={`sbs-block sbs-${mark}`} data-mark={mark}>
                  {mark !== 'same' && (
                    <span className="sbs-mark" lang={locale}>
                      {mark === 'added' ? t('added') : t('changed')}
                    </span>
                  )}
                  <DocumentBody content={{ type: 'doc', content: [block] }} language={master.language} asWritten />
                </div>
              );
            })}
          </section>
        </section>
        <section className="sbs-column sbs-translation" aria-labelledby="sbs-translation-heading">
          <h2 id="sbs-translation-heading" tabIndex={-1}>
            {t('translationHeading', { language: translationName })}
          </h2>
          {editor}
        </section>
      </div>
    </div>
  );
}
