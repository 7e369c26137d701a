import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { CLIENT_NAMESPACES, type ClientScope } from './client-namespaces';

/**
 * next-intl's provider for one part of the app, carrying only the namespaces that part's
 * client components read (i18n/client-namespaces.ts), in the request's language. Without
 * `messages`, next-intl 4 would put the whole catalogue (35 KB in English, 56 KB in Russian)
 * into every page's HTML and RSC payload. A layout wraps everything it renders in it; the
 * locale and time zone come from i18n/request.ts as before.
 */
export async function ClientMessages({ scope, children }: { scope: ClientScope; children: ReactNode }) {
  const messages = await getMessages();
  const sent = Object.fromEntries(CLIENT_NAMESPACES[scope].filter((ns) => ns in messages).map((ns) => [ns, messages[ns]]));
  return <NextIntlClientProvider messages={sent}>{children}</NextIntlClientProvider>;
}
