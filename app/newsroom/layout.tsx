import Link from 'next/link';
import type { ReactNode } from 'react';
import { getServices } from '../../server/registry';
import { organisation } from '../../server/commands/organisation';

export const dynamic = 'force-dynamic';

/** The public newsroom: no sign-in, only released statements. */
export default async function NewsroomLayout({ children }: { children: ReactNode }) {
  const org = await organisation(getServices());
  return (
    <div className="shell newsroom">
      <header className="topbar">
        <Link href="/newsroom" className="brand">
          {org.name}
          <span className="brand-product">Newsroom</span>
        </Link>
        <a href="/newsroom/feed.xml" className="feed-link">
          Atom feed
        </a>
      </header>
      {children}
    </div>
  );
}
