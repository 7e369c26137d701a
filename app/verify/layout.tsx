import type { ReactNode } from 'react';
import { ClientMessages } from '@/i18n/ClientMessages';

/** The public verification pages send the file check's messages only (i18n/client-namespaces.ts, `verify`). */
export default function VerifyLayout({ children }: { children: ReactNode }) {
  return <ClientMessages scope="verify">{children}</ClientMessages>;
}
