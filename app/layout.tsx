import type { Metadata, Viewport } from 'next';
import localFont from 'next/font/local';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ClientMessages } from '@/i18n/ClientMessages';
import './globals.css';

/**
 * Noto Sans and Noto Serif, served from our own origin (the same families the PDF export
 * embeds, from the same packages): every letter of every language the secretariat writes
 * — ə, İ/ı, ğ, ş, ң, ү, ұ, ő — in one consistent face, whatever fonts a computer has.
 */
const sans = localFont({
  src: [
    { path: '../node_modules/@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf', weight: '400', style: 'normal' },
    { path: '../node_modules/@expo-google-fonts/noto-sans/600SemiBold/NotoSans_600SemiBold.ttf', weight: '600', style: 'normal' },
    { path: '../node_modules/@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf', weight: '700', style: 'normal' },
  ],
  variable: '--font-sans',
  display: 'swap',
  fallback: ['Segoe UI', 'system-ui', 'sans-serif'],
});
const serif = localFont({
  src: [
    { path: '../node_modules/@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf', weight: '400', style: 'normal' },
    { path: '../node_modules/@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf', weight: '400', style: 'italic' },
    { path: '../node_modules/@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf', weight: '700', style: 'normal' },
  ],
  variable: '--font-serif',
  display: 'swap',
  preload: false,
  fallback: ['Georgia', 'Times New Roman', 'serif'],
});

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

/**
 * `<html lang>` is the interface language (issue 24); the editor's own `lang` stays the
 * document's, so spell-checking is right in both. Client components get their messages
 * from the part of the app they are in (i18n/client-namespaces.ts); here, outside every
 * part, none.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale} className={`${sans.variable} ${serif.variable}`}>
      <body>
        <ClientMessages scope="root">{children}</ClientMessages>
      </body>
    </html>
  );
}
