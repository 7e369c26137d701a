import type { ReactNode } from 'react';
import { ClientMessages } from '@/i18n/ClientMessages';

/** A document's pages (editor, side by side, history) send the editor's messages, in place of the list's (i18n/client-namespaces.ts, `document`); the workspace header keeps its own. */
export default function DocumentLayout({ children }: { children: ReactNode }) {
  return <ClientMessages scope="document">{children}</ClientMessages>;
}
