/**
 * Presence (carets, selections, who is here) is coalesced: each relay carries the latest state
 * of everyone whose presence changed since the last one, and while anyone is typing, relays
 * are at least PRESENCE_INTERVAL_MS apart and go out with text that is being written anyway.
 * A caret drawn that much later is not seen as late (y-prosemirror anchors it to a relative
 * position, so text that arrives first is drawn around it correctly). A typist at 50
 * characters a second then costs each reader one write per keystroke, not two, and a
 * presence message every 2.5 keystrokes, as does the echo every y-websocket client sends back
 * of each presence message it receives. In a quiet document a change leaves at once.
 */
export const PRESENCE_INTERVAL_MS = 50;
/** Presence waits at most this long for text to go out with. */
const PRESENCE_MAX_WAIT_MS = 100;

/**
 * Decides when a document's changed presence leaves; the document says what leaves
 * (`relay`) and whether updates are being committed (`committing`): presence never overtakes
 * the text that came before it.
 */
export class PresencePacer<From> {
  /** Client ids whose presence changed since it was last relayed. */
  private readonly changed = new Set<number>();
  /** The one sender all of `changed` came from; null when several did, or the server. */
  private from: From | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** When presence, and text, were last relayed (performance.now()). */
  private relayedAt = -Infinity;
  private textAt = -Infinity;
  private stopped = false;

  constructor(
    /** Sends the latest state of `clientIds`; `from` is the one sender they all came from, if one did. */
    private readonly relay: (clientIds: number[], from: From | null) => void,
    private readonly committing: () => boolean,
  ) {}

  /**
   * Presence of `clientIds` changed, told by `from` (null: decided here, or by another
   * process). In a quiet document it leaves now; otherwise with the next text written, or
   * after PRESENCE_MAX_WAIT_MS. While updates are being committed it waits for them (see
   * `textSent` and `committed`).
   */
  changedBy(clientIds: readonly number[], from: From | null): void {
    if (this.changed.size === 0) this.from = from;
    else if (this.from !== from) this.from = null;
    for (const id of clientIds) this.changed.add(id);
    if (this.committing()) return;
    const now = performance.now();
    if (now - this.relayedAt >= PRESENCE_INTERVAL_MS && now - this.textAt >= PRESENCE_INTERVAL_MS) this.flush();
    else this.wait();
  }

  /** Text has just been queued to the connections: changed presence goes with it when it is due. */
  textSent(): void {
    const now = performance.now();
    this.textAt = now;
    if (this.changed.size && now - this.relayedAt >= PRESENCE_INTERVAL_MS) this.flush();
  }

  /** Committing has ended: presence that came meanwhile, and did not go out with the text, waits. */
  committed(): void {
    if (this.changed.size) this.wait();
  }

  /** The document left memory: nothing more leaves. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.changed.clear();
  }

  private wait(): void {
    if (!this.stopped) this.timer ??= setTimeout(this.due, PRESENCE_MAX_WAIT_MS);
  }

  /** Presence has waited PRESENCE_MAX_WAIT_MS; while updates are being committed, `committed` waits for it again. */
  private readonly due = (): void => {
    this.timer = null;
    if (!this.committing()) this.flush();
  };

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped || this.changed.size === 0) return;
    const clientIds = [...this.changed];
    const from = this.from;
    this.changed.clear();
    this.from = null;
    this.relayedAt = performance.now();
    this.relay(clientIds, from);
  }
}
