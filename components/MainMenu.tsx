'use client';

import { usePathname } from 'next/navigation';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useDisclosure } from './useDisclosure';

/**
 * The workspace navigation. On a wide screen its links stand in the header; on a phone
 * (760 px and narrower, see app/globals.css) a "Menu" button (`label`, in the interface language) shows and hides them:
 * aria-expanded says which, opening moves focus to the first link, Escape closes and
 * gives focus back to the button, and following a link closes it.
 */
export function MainMenu({ children, label, navLabel }: { children: ReactNode; label: string; navLabel: string }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const nav = useRef<HTMLElement>(null);
  const id = useId();
  const pathname = usePathname();

  // A followed link closes the menu (the header stays; only the page changes).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the page changes
  useEffect(() => setOpen(false), [pathname]);

  useDisclosure(open, () => setOpen(false), button, nav);

  return (
    <>
      <button ref={button} type="button" className="menu-button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        <span className="menu-icon" aria-hidden="true" />
        <span className="menu-label">{label}</span>
      </button>
      <nav ref={nav} id={id} className="main-nav" aria-label={navLabel} data-open={open ? 'true' : undefined}>
        {children}
      </nav>
    </>
  );
}
