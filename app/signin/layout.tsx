import type { ReactNode } from 'react';
import { ClientMessages } from '@/i18n/ClientMessages';

/** The sign-in page sends its client components' messages only (i18n/client-namespaces.ts, `signin`). */
export default function SignInLayout({ children }: { children: ReactNode }) {
  return <ClientMessages scope="signin">{children}</ClientMessages>;
}
