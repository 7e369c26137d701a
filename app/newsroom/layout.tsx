import { AppLink } from '@/components/AppLink';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { letterheadLogo } from '@/server/commands/settings';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';

/**
 * The public newsroom (no sign-in, only released statements): the organisation's press
 * page, with its logo (the letterhead logo, when an admin has set one) and name, the list
 * and the Atom feed, and a footer that says whose page this is. The chrome (`NewsroomLayout`)
 * is in the visitor's language (cookie or Accept-Language); the released texts keep theirs.
 */
export default async function NewsroomLayout({ children }: { children: ReactNode }) {
  const services = getServices();
  const [org, logo, t] = await Promise.all([organisation(services), letterheadLogo(services.storage), getTranslations('NewsroomLayout')]);
  return (
    <div className="newsroom">
      <a href="#newsroom-content" className="skip-link">
        {t('skip')}
      </a>
      <header className="newsroom-header">
        <div className="newsroom-header-inner">
          <AppLink href="/newsroom" className="newsroom-brand">
            {logo ? <img src="/newsroom/logo" alt="" className="newsroom-logo" /> : <span className="newsroom-seal" aria-hidden="true" />}
            <span className="newsroom-names">
              <span className="newsroom-org" translate="no">
                {org.name}
              </span>
              <span className="newsroom-section">{t('section')}</span>
            </span>
          </AppLink>
          <nav aria-label={t('nav')} className="newsroom-nav">
            <AppLink href="/newsroom">{t('all')}</AppLink>
            <a href="/newsroom/feed.xml">{t('feed')}</a>
          </nav>
        </div>
      </header>
      <div id="newsroom-content" className="newsroom-content" tabIndex={-1}>
        {children}
      </div>
      <footer className="newsroom-footer">
        <div className="newsroom-footer-inner">
          <p>{t('footer', { org: org.name })}</p>
          <p>
            <AppLink href="/newsroom">{t('all')}</AppLink> · <a href="/newsroom/feed.xml">{t('feed')}</a>
          </p>
        </div>
      </footer>
    </div>
  );
}
