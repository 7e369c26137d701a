import Link from 'next/link';
import type { ReactNode } from 'react';
import { letterheadLogo } from '@/server/commands/settings';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';

/**
 * The public newsroom (no sign-in, only released statements): the organisation's press
 * page, with its logo (the letterhead logo, when an admin has set one) and name, the list
 * and the Atom feed, and a footer that says whose page this is.
 */
export default async function NewsroomLayout({ children }: { children: ReactNode }) {
  const services = getServices();
  const [org, logo] = await Promise.all([organisation(services), letterheadLogo(services.storage)]);
  return (
    <div className="newsroom">
      <a href="#newsroom-content" className="skip-link">
        Skip to content
      </a>
      <header className="newsroom-header">
        <div className="newsroom-header-inner">
          <Link href="/newsroom" className="newsroom-brand">
            {logo ? <img src="/newsroom/logo" alt="" className="newsroom-logo" /> : <span className="newsroom-seal" aria-hidden="true" />}
            <span className="newsroom-names">
              <span className="newsroom-org">{org.name}</span>
              <span className="newsroom-section">Press releases and statements</span>
            </span>
          </Link>
          <nav aria-label="Newsroom" className="newsroom-nav">
            <Link href="/newsroom">All releases</Link>
            <a href="/newsroom/feed.xml">Atom feed</a>
          </nav>
        </div>
      </header>
      <div id="newsroom-content" className="newsroom-content" tabIndex={-1}>
        {children}
      </div>
      <footer className="newsroom-footer">
        <div className="newsroom-footer-inner">
          <p>© {org.name}. Texts on this page are the official released versions; each can be checked against its copy with “Verify this text”.</p>
          <p>
            <Link href="/newsroom">All releases</Link> · <a href="/newsroom/feed.xml">Atom feed</a>
          </p>
        </div>
      </footer>
    </div>
  );
}
