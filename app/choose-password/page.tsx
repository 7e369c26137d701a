import { redirect } from 'next/navigation';
import { ChangePasswordForm } from '@/components/ChangePasswordForm';
import { SignOutButton } from '@/components/SignOutButton';
import { currentUser } from '@/server/next/http';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Choose a new password' };

/**
 * The first page after signing in with a password an admin set or reset: nothing else opens
 * (the workspace redirects here, the API answers `password_change_required`) until the
 * person has chosen their own.
 */
export default async function ChoosePasswordPage() {
  const user = await currentUser();
  if (!user) redirect('/signin');
  if (!user.mustChangePassword) redirect('/documents');
  return (
    <main className="page narrow" id="content">
      <h1>Choose a new password</h1>
      <p>
        Welcome, {user.name}. The password you signed in with was set by an administrator. Choose your own before you go on; the one you were given stops
        working.
      </p>
      <ChangePasswordForm email={user.email} then="/documents" />
      <p>
        <SignOutButton />
      </p>
    </main>
  );
}
