'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { ComponentProps } from 'react';

type Props = Omit<ComponentProps<typeof Link>, 'href' | 'prefetch'> & { href: string };

/**
 * Next's Link, prefetching its page when someone reaches for it (the pointer over it, a
 * touch, keyboard focus) rather than when it scrolls into view. Every page here is rendered
 * per request, so a viewport prefetch is a server render for each visible link: opening a
 * document made eight (the header's and the page's links, 6.6 ms of server CPU each, more
 * than the page's own 46 ms), while the browser was still building the editor, and the
 * documents list one per row. The only import of next/link (biome.json).
 */
export function AppLink({ href, onMouseEnter, onTouchStart, onFocus, ...rest }: Props) {
  const router = useRouter();
  // Same-origin paths only (all of ours); the router keeps one prefetch per address.
  const prefetch = () => {
    if (href.startsWith('/')) router.prefetch(href);
  };
  return (
    <Link
      {...rest}
      href={href}
      prefetch={false}
      onMouseEnter={(e) => {
        prefetch();
        onMouseEnter?.(e);
      }}
      onTouchStart={(e) => {
        prefetch();
        onTouchStart?.(e);
      }}
      onFocus={(e) => {
        prefetch();
        onFocus?.(e);
      }}
    />
  );
}
