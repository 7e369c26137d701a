'use client';

import { type ReactNode, useId, useRef, useState } from 'react';
import { useDisclosure } from './useDisclosure';

/**
 * A document's less frequent actions (history, the exports). On a wide screen they stand in
 * the row of actions as before; on a phone (760 px and narrower, app/globals.css) they fold
 * under one button (`label`, in the interface language), so that the text starts on the
 * first screen instead of under four rows of buttons. The links are the same elements either
 * way: only the CSS decides.
 */
export function MoreActions({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();
  useDisclosure(open, () => setOpen(false), button, panel);
  return (
    <div className="more-actions" data-open={open ? 'true' : undefined}>
      <button ref={button} type="button" className="more-actions-button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        {label}
        <span className="more-actions-caret" aria-hidden="true" />
      </button>
      <div ref={panel} id={id} className="more-actions-items">
        {children}
      </div>
    </div>
  );
}
