'use client';

import { AppLink } from './AppLink';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

/** A link of the workspace's navigation, marked as the current page (aria-current) when it is. */
export function NavLink({ href, children, className }: { href: string; children: ReactNode; className?: string }) {
  const pathname = usePathname();
  const current = pathname === href || (href !== '/' && pathname.startsWith(`${href}/`));
  return (
    <AppLink href={href} className={['nav-link', className].filter(Boolean).join(' ')} aria-current={current ? 'page' : undefined}>
      {children}
    </AppLink>
  );
}
