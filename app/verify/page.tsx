import { AppLink } from '@/components/AppLink';
import { getTranslations } from 'next-intl/server';
import { FileCheck } from '@/components/verify/FileCheck';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';

/**
 * The public verification page without a code: someone holding an exported PDF or Word file
 * checks it here. The browser hashes the file; nothing is uploaded. Words from `Verify` in
 * the visitor's language (cookie or Accept-Language: there is no session here).
 */
export default async function VerifyFilePage() {
  const org = await organisation(getServices());
  const t = await getTranslations('Verify');
  return (
    <div className="shell newsroom">
      <main className="page verify">
        <p className="eyebrow">
          <AppLink href="/newsroom" translate="no">
            {org.name}
          </AppLink>{' '}
          · {t('eyebrow')}
        </p>
        <h1>{t('title')}</h1>
        <p>{t('intro', { org: org.name })}</p>
        <FileCheck organisation={org.name} timeZone={org.timeZone} />
      </main>
    </div>
  );
}
