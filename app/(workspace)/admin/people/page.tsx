import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { titled } from '@/i18n/metadata';
import { PeopleAdmin } from '@/components/PeopleAdmin';
import { can } from '@/lib/policies';
import { listPeople } from '@/server/commands/users';
import { currentUser } from '@/server/next/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('People');

export default async function PeoplePage() {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/admin/people');
  if (!can(user, 'manage_users')) notFound();
  const { storage, env } = getServices();
  const people = await listPeople(storage, user);
  const t = await getTranslations('People');
  return (
    <main className="page">
      <h1>{t('title')}</h1>
      <PeopleAdmin people={people} selfId={user.id} sso={env.OIDC_ISSUER ? env.OIDC_NAME : null} />
    </main>
  );
}
