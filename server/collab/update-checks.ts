import type { Editor } from './connection';
import type { LiveDocument } from './live-document';
import type { CollabModule, ModuleContext } from './modules';
import { UpdateTrial, type UpdateShape } from './update-trial';

/**
 * The `beforeApply` check that every update passes before it is queued: it must apply on
 * top of everything accepted and leave nothing waiting (see update-trial.ts). A throw closes
 * the sender's connection as malformed.
 */
export class UpdateChecks implements CollabModule {
  private readonly trial: UpdateTrial;

  constructor(
    private readonly doc: LiveDocument,
    ctx: ModuleContext,
  ) {
    this.trial = new UpdateTrial(
      () => doc.ydoc,
      () => doc.queued(),
      ctx.log,
      doc.id,
    );
  }

  beforeApply(update: Uint8Array, shape: UpdateShape, _from: Editor): boolean {
    this.trial.accept(update, shape); // throws on an update that would not apply
    return true;
  }

  /** A kept replica follows what is applied another way (storage, another process). */
  onForeignUpdate(update: Uint8Array): void {
    this.trial.mirror(update);
  }

  onSettled(): void {
    if (this.doc.queuedCount === 0) this.trial.settled();
  }

  onDestroy(): void {
    this.trial.destroy();
  }
}
