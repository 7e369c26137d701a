import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** axe-core's own source, from the pinned npm package (never a CDN). */
const AXE_SOURCE = fs.readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

/** The impacts that fail a scan. */
export const FAILING_IMPACTS: readonly ImpactValue[] = ['serious', 'critical'];

export interface AxeScanOptions {
  /** CSS selectors to scan instead of the whole document. */
  include?: string[];
  /** CSS selectors to leave out (say why where you call it). */
  exclude?: string[];
  /** axe.run options; by default the WCAG 2.0/2.1/2.2 A and AA rules plus best practices. */
  run?: RunOptions;
}

/**
 * Runs axe-core in the page as it is now (inject the pinned axe-core source, then
 * `axe.run`) and returns the violations of serious or critical impact. Call it after the
 * page has settled (wait for a visible element first): axe scans what is rendered.
 */
export async function seriousViolations(page: Page, options: AxeScanOptions = {}): Promise<Result[]> {
  const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!present) await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(
    async ({ include, exclude, run }) => {
      const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeResults> } }).axe;
      const context = include || exclude ? { include: include ?? [], exclude: exclude ?? [] } : document;
      return axe.run(context, run);
    },
    {
      include: options.include,
      exclude: options.exclude,
      run: options.run ?? {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        resultTypes: ['violations'],
      },
    },
  );
  return results.violations.filter((v) => v.impact && FAILING_IMPACTS.includes(v.impact));
}

/** One line per violation and offending element, for a failure message a person can act on. */
export function describeViolations(violations: Result[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map((n) => `[${v.impact}] ${v.id}: ${v.help} — ${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ')})` : ''}`),
    )
    .join('\n');
}

/**
 * Fails the test when axe-core finds a serious or critical violation in `page`; `label`
 * names the page in the message ("the sign-in page").
 */
export async function expectNoSeriousViolations(page: Page, label: string, options: AxeScanOptions = {}): Promise<void> {
  const violations = await seriousViolations(page, options);
  expect(violations.length, `axe-core found serious or critical violations on ${label}:\n${describeViolations(violations)}`).toBe(0);
}
