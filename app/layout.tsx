import type { Metadata, Viewport } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { FormMessages } from '@/components/FormMessages';
import { LocalePatternsProvider } from '@/components/LocalePatterns';
import { ClientMessages } from '@/i18n/ClientMessages';
import { type LocalePatterns, localePatternsFor } from '@/lib/text/locale-patterns';
import { dateLocale } from '@/lib/text/dates';

/**
 * Noto Sans and Noto Serif, served from our own origin (the same families the PDF export
 * embeds): every letter of every language the secretariat writes — ə, İ/ı, ğ, ş, ʻ, ő, ң, ү,
 * ұ, һ, і — in one consistent face, whatever fonts a computer has. WOFF2 files cut by script
 * (`unicode-range`), so a browser downloads only the parts of the alphabet a page shows:
 * about 70 KB a weight for an Azerbaijani page, where the whole TrueType font was 630 KB and
 * was preloaded on every page (docs/PERFORMANCE.md, session 15). The weights are the ones
 * the style sheets use; `--font-sans` and `--font-serif` (globals.css) name the families.
 */
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/600.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-serif/400.css';
import '@fontsource/noto-serif/400-italic.css';
import '@fontsource/noto-serif/700.css';
import './globals.css';

/**
 * Every page is rendered per request: each response carries its own CSP nonce, which Next
 * puts on its scripts (server/edge/headers.ts); a page prerendered at build time would have none.
 */
export const dynamic = 'force-dynamic';

/** The product's name stays; the description and each page's title are in the interface language. */
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('App');
  return { title: { default: 'Communiqué', template: '%s · Communiqué' }, description: t('description') };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#1f3a8a' };

const patterns = new Map<string, LocalePatterns>();

/** How the interface's locale writes dates, read once per locale from Node's Intl, for browsers whose Intl lacks it. */
function patternsOf(locale: string): LocalePatterns {
  let found = patterns.get(locale);
  if (!found) patterns.set(locale, (found = localePatternsFor(locale)));
  return found;
}

/**
 * `<html lang>` is the interface language (issue 24); the editor's own `lang` stays the
 * document's, so spell-checking is right in both. Client components get their messages
 * from the part of the app they are in (i18n/client-namespaces.ts); here, outside every
 * part, none.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <LocalePatternsProvider patterns={patternsOf(dateLocale(locale))}>
          <ClientMessages scope="root">
            <FormMessages />
            {children}
          </ClientMessages>
        </LocalePatternsProvider>
      </body>
    </html>
  );
}
