import { AppLink } from '@/components/AppLink';
import { getTranslations } from 'next-intl/server';

/**
 * The newsroom's page for an item it does not have: not released yet (under embargo),
 * withdrawn, or never there. It does not say which, so an embargo is not given away. The
 * status stays 404. Words from `NewsroomNotFound`.
 */
export default async function NewsroomNotFound() {
  const t = await getTranslations('NewsroomNotFound');
  return (
    <main className="page newsroom-missing">
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      <p>
        <AppLink href="/newsroom" className="button-link">
          {t('all')}
        </AppLink>
      </p>
    </main>
  );
}
