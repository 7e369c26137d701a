import type { ReactNode } from 'react';
import { ClientMessages } from '@/i18n/ClientMessages';

/** The admin pages send their own client components' messages, and no other page carries them (i18n/client-namespaces.ts, `admin`). */
export default function AdminLayout({ children }: { children: ReactNode }) {
  return <ClientMessages scope="admin">{children}</ClientMessages>;
}
