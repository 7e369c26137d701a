'use client';

import type { ReactNode } from 'react';
import { type LocalePatterns, registerLocalePatterns } from '@/lib/text/locale-patterns';

/**
 * Hands lib/text/dates.ts the server's patterns for the interface's locale before anything
 * below renders (a parent renders before its children, on the server and in hydration), so a
 * browser whose Intl lacks the locale (Chromium: az, kk, ky, uz) writes dates as the server
 * did: no "M12", and no hydration mismatch.
 */
export function LocalePatternsProvider({ patterns, children }: { patterns: LocalePatterns; children: ReactNode }) {
  registerLocalePatterns(patterns);
  return children;
}
