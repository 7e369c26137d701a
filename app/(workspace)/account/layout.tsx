import type { ReactNode } from 'react';
import { ClientMessages } from '@/i18n/ClientMessages';

/** The account page sends its forms' messages, in place of the documents list's (i18n/client-namespaces.ts, `account`). */
export default function AccountLayout({ children }: { children: ReactNode }) {
  return <ClientMessages scope="account">{children}</ClientMessages>;
}
