import { describe, expect, it } from 'vitest';
import { calendarDateOf, datePartOrder, describeCalendarDate, monthNames, formatDateline, formatInZone, zonedTimeToIso } from './dates';

describe('datelines in the document language', () => {
  it('writes the date as the language does, English as the secretariat writes it', () => {
    expect(formatDateline({ place: 'İstanbul', date: '2022-01-11' }, 'az')).toBe('İstanbul, 11 yanvar 2022');
    expect(formatDateline({ place: 'London', date: '2022-01-11' }, 'en')).toBe('London, 11 January 2022');
    expect(formatDateline({ place: 'Washington', date: '2022-01-11' }, 'en-US')).toBe('Washington, January 11, 2022');
    expect(formatDateline({ place: 'Москва', date: '2022-01-11' }, 'ru')).toBe('Москва, 11 января 2022 г.');
    expect(formatDateline({ place: 'Bakı', date: null }, 'az')).toBe('Bakı');
  });
});

describe('one format for moments', () => {
  it('writes every moment as "6 Dec 2026, 03:25 (UTC)": day first, 24-hour clock, in the organisation’s zone, named', () => {
    expect(formatInZone('2026-12-06T03:25:21Z', 'UTC')).toBe('6 Dec 2026, 03:25 (UTC)');
    expect(formatInZone('2026-12-06T15:25:21Z', 'Asia/Baku')).toBe('6 Dec 2026, 19:25 (Asia/Baku)');
    // Past midnight in the zone: the zone's date, not the server's.
    expect(formatInZone(new Date('2026-12-06T22:30:00Z'), 'Asia/Almaty')).toBe('7 Dec 2026, 03:30 (Asia/Almaty)');
    // "en" alone is the interface's British English; a text's own language on public pages; nonsense falls back.
    expect(formatInZone('2026-12-06T03:25:00Z', 'UTC', 'en')).toBe('6 Dec 2026, 03:25 (UTC)');
    expect(formatInZone('2026-12-06T03:25:00Z', 'UTC', 'az')).toMatch(/^6 dek 2026,? 03:25 \(UTC\)$/);
    expect(formatInZone('2026-12-06T03:25:00Z', 'UTC', 'not a tag!')).toBe('6 Dec 2026, 03:25 (UTC)');
  });
});

describe('dates typed in the interface’s format', () => {
  it('describes a calendar date in words, and nothing that is not one', () => {
    expect(describeCalendarDate('2026-12-06')).toMatch(/^Sunday,? 6 December 2026$/);
    expect(describeCalendarDate('2026-02-31')).toBeNull();
    expect(describeCalendarDate('06/12/2026')).toBeNull();
  });

  it('orders the parts as the locale writes a date, months by name', () => {
    expect(datePartOrder()).toEqual(['day', 'month', 'year']);
    expect(datePartOrder('en-US')).toEqual(['month', 'day', 'year']);
    expect(monthNames()[11]).toBe('December');
    expect(monthNames('az')[0]).toBe('yanvar');
  });

  it('assembles day, month and year, refusing days a month does not have', () => {
    expect(calendarDateOf('2026', '12', '6')).toBe('2026-12-06');
    expect(calendarDateOf('2028', '2', '29')).toBe('2028-02-29');
    expect(calendarDateOf('2026', '2', '29')).toBeNull();
    expect(calendarDateOf('26', '12', '6')).toBeNull();
    expect(calendarDateOf('2026', '', '6')).toBeNull();
  });

  it('reads an embargo time on the organisation’s clocks, whatever the browser’s', () => {
    expect(zonedTimeToIso('2026-12-06', '09:00', 'Asia/Baku')).toBe('2026-12-06T05:00:00.000Z');
    expect(zonedTimeToIso('2026-12-06', '09:00', 'UTC')).toBe('2026-12-06T09:00:00.000Z');
    expect(zonedTimeToIso('2026-07-01', '12:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    expect(zonedTimeToIso('2026-01-01', '12:00', 'Europe/Berlin')).toBe('2026-01-01T11:00:00.000Z');
    expect(zonedTimeToIso('2026-01-01', '00:30', 'America/New_York')).toBe('2026-01-01T05:30:00.000Z');
    expect(zonedTimeToIso('2026-01-01', '24:00', 'UTC')).toBeNull();
    expect(zonedTimeToIso('2026-02-30', '10:00', 'UTC')).toBeNull();
  });
});
