import type { ReactNode } from 'react';
import { ClientMessages } from '@/i18n/ClientMessages';

/** The choose-password page sends its form's messages only (i18n/client-namespaces.ts, `choosePassword`). */
export default function ChoosePasswordLayout({ children }: { children: ReactNode }) {
  return <ClientMessages scope="choosePassword">{children}</ClientMessages>;
}
