import type { Logger } from '@/server/log';
import { decodeBytes, type RelayMessage } from '@/server/pubsub/messages';
import type { RedisRelay } from '@/server/pubsub/redis';
import type { CollabHub } from './hub';

/**
 * Connects this process's collaboration server to the others: what they commit, their
 * presence, and their control events (a transition's freeze and release, sockets to close
 * after an access or role change) act here as if they had happened here. Durability does
 * not depend on it: every update is in PostgreSQL before anyone publishes it, and a
 * process that missed messages reads them from the log (after a gap, after an outage).
 */
export async function connectRelay(hub: CollabHub, relay: RedisRelay, log: Logger): Promise<void> {
  await relay.start({
    message: (msg) => {
      try {
        if (msg.t === 'resync') void recover(hub, log);
        else dispatch(hub, msg);
      } catch (err) {
        log.warn('a relay message could not be handled', { t: msg.t, err: String(err) });
      }
    },
    reconnected: () => void recover(hub, log),
  });
}

/** After an outage (ours or another's): read what was missed, then judge every socket again. */
async function recover(hub: CollabHub, log: Logger): Promise<void> {
  try {
    await hub.catchUpAll();
    await hub.rejudgeAll();
  } catch (err) {
    log.warn('recovery after a relay outage failed', { err: String(err) });
  }
}

function dispatch(hub: CollabHub, msg: RelayMessage): void {
  switch (msg.t) {
    case 'updates':
      if (typeof msg.at === 'number') hub.counters.relayed(msg.at);
      return hub.replicaOf(msg.doc)?.applyFromElsewhere(msg.first, msg.updates.map(decodeBytes));
    case 'presence':
      return hub.replicaOf(msg.doc)?.presenceFromElsewhere(decodeBytes(msg.update));
    case 'refused':
      return hub.refusalsOf(msg.doc)?.fromElsewhere(msg.user, msg.clients);
    case 'freeze':
      return hub.replicaOf(msg.doc)?.freezeFromElsewhere();
    case 'release':
      return hub.releaseHere(msg.doc, msg.reason);
    case 'deleted':
      return hub.discardHere(msg.doc, msg.reason);
    case 'close-document':
      return void hub.closeDocumentSocketsHere(msg.doc, msg.code, msg.reason);
    case 'close-user':
      return void hub.closeUserSocketsHere(msg.user, msg.code, msg.reason);
    case 'threads':
      return hub.threadsChangedHere(msg.doc);
    case 'resync':
      return; // handled by connectRelay: recover()
  }
}
