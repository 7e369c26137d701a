import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

/**
 * A page's `generateMetadata` whose `<title>` is `<namespace>.title` in the interface
 * language: `export const generateMetadata = titled('Documents');`.
 */
export function titled(namespace: string): () => Promise<Metadata> {
  return async () => ({ title: (await getTranslations(namespace))('title') });
}
