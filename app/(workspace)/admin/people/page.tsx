import { notFound, redirect } from 'next/navigation';
import { PeopleAdmin } from '@/components/PeopleAdmin';
import { can } from '@/lib/policies';
import { listPeople } from '@/server/commands/users';
import { currentUser } from '@/server/next/http';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'People' };

export default async function PeoplePage() {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/admin/people');
  if (!can(user, 'manage_users')) notFound();
  const { storage, env } = getServices();
  const people = await listPeople(storage, user);
  return (
    <main className="page">
      <h1>People</h1>
      <PeopleAdmin people={people} selfId={user.id} sso={env.OIDC_ISSUER ? env.OIDC_NAME : null} />
    </main>
  );
}
