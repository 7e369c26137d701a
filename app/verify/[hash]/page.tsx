import { headers } from 'next/headers';
import { AppLink } from '@/components/AppLink';
import { getLocale, getTranslations } from 'next-intl/server';
import { dateLocale, formatInZone } from '@/lib/text/dates';
import { FileCheck } from '@/components/verify/FileCheck';
import { clientAddress } from '@/server/auth/throttle';
import { isAppError } from '@/server/errors';
import { translate } from '@/server/i18n/catalogues';
import { admitVerification, isSha256, verifyText } from '@/server/queries/verify';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';

/**
 * The public verification page a printed export links to: one sentence saying whether that
 * exact text was released, when and by whom, with its title. It never shows the text, and
 * says the same thing for every text that is not released. Words from `Verify` in the
 * visitor's language; the title keeps its own `lang`.
 */
export default async function VerifyPage({ params }: { params: Promise<{ hash: string }> }) {
  const { hash } = await params;
  const { storage, env } = getServices();
  const org = await organisation(getServices());
  const locale = await getLocale();
  const t = await getTranslations('Verify');
  let refusal: string | null = null;
  try {
    admitVerification(clientAddress(await headers(), env.TRUST_PROXY), env.VERIFY_LOOKUPS_PER_MINUTE);
  } catch (err) {
    if (!isAppError(err)) throw err;
    refusal = (err.ref && translate(locale, err.ref)) ?? err.message;
  }
  const answer = isSha256(hash) && !refusal ? await verifyText(storage, org.name, hash) : null;
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
        {refusal && <p className="verdict">{refusal}</p>}
        {!answer && !refusal && <p className="verdict">{t('noCode')}</p>}
        {answer?.released && (
          <p className="verdict" data-released="true">
            {t.rich('released', {
              title: answer.title,
              organisation: answer.organisation,
              when: formatInZone(answer.releasedAt, org.timeZone, dateLocale(locale)),
              doc: (chunks) => <span lang={answer.language}>{chunks}</span>,
              moment: (chunks) => <time dateTime={answer.releasedAt}>{chunks}</time>,
            })}
          </p>
        )}
        {answer && !answer.released && (
          <p className="verdict" data-released="false">
            {t('notReleased', { org: org.name })}
          </p>
        )}
        <p className="fingerprint">{t('fingerprint', { hash: hash.slice(0, 64) })}</p>
        <FileCheck organisation={org.name} timeZone={org.timeZone} />
      </main>
    </div>
  );
}
