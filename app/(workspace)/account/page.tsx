import { redirect } from 'next/navigation';
import { ChangePasswordForm } from '@/components/ChangePasswordForm';
import { SignOutEverywhereButton } from '@/components/SignOutEverywhereButton';
import { roleLabel } from '@/lib/text/roles';
import { currentUser } from '@/server/next/http';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Your account' };

export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/account');
  return (
    <main className="page narrow">
      <h1>Your account</h1>
      <p>
        {user.name} · {user.email} · <span className="role">{roleLabel(user.role)}</span>
      </p>
      <h2>Change your password</h2>
      <ChangePasswordForm email={user.email} />
      <h2>Your sessions</h2>
      <SignOutEverywhereButton />
    </main>
  );
}
