'use client';

import { useLocale } from 'next-intl';
import { createContext, type ReactNode, useContext } from 'react';
import { dateLocale, formatInZone, INTERFACE_LOCALE } from '@/lib/text/dates';

interface Clock {
  timeZone: string;
  locale: string;
}

const OrganisationClock = createContext<Clock>({ timeZone: 'UTC', locale: INTERFACE_LOCALE });

/**
 * Gives the browser's components the organisation's time zone (and the interface's
 * locale), read once by the workspace layout, so a moment shows in the same words in a
 * client component as on a server-rendered page.
 */
export function OrganisationTimeProvider({ timeZone, children }: { timeZone: string; children: ReactNode }) {
  const locale = dateLocale(useLocale());
  return <OrganisationClock.Provider value={{ timeZone, locale }}>{children}</OrganisationClock.Provider>;
}

/** The organisation's zone, and lib/text/dates.ts's one formatter bound to it: "6 Dec 2026, 03:25 (UTC)". */
export function useOrganisationTime(): Clock & { format: (iso: string | Date) => string } {
  const clock = useContext(OrganisationClock);
  return { ...clock, format: (iso) => formatInZone(iso, clock.timeZone, clock.locale) };
}
