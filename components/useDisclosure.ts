import { type RefObject, useEffect } from 'react';

/**
 * How a disclosure (a button that shows and hides a panel under it) behaves while it is open:
 * the panel's first link or button takes the focus, Escape closes it and gives the focus back
 * to the button, and a click or tap outside both closes it.
 */
export function useDisclosure(open: boolean, close: () => void, button: RefObject<HTMLElement | null>, panel: RefObject<HTMLElement | null>): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: `close` is a new function at each render; the rules hold while open
  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('a, button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      close();
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) close();
    };
    const onClick = (e: MouseEvent) => {
      const target = e.target as Element;
      if (panel.current?.contains(target) && target.closest('a')) close();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('click', onClick);
    };
  }, [open, button, panel]);
}
