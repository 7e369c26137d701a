import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// Chromium for the e2e tests and the browser benchmark (tests/bench/editor.ts): nothing here
// imports vitest, so a plain node script can launch the same browser with the same checks.

/** Debian's Chromium, used as is (never Playwright's browser download). */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
/** CSP violations seen by any page of a browser from launchChromium, until a test takes them. */
const cspViolations: string[] = [];

/** Reports the page's CSP violations on the console, where watchForCsp finds them. */
const REPORT_CSP = `document.addEventListener('securitypolicyviolation', (e) =>
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));`;

/** Takes the violations seen so far (for a test that provokes one on purpose, on a page not ours). */
export function takeCspViolations(): string[] {
  return cspViolations.splice(0);
}

function watchForCsp(context: BrowserContext): BrowserContext {
  void context.addInitScript(REPORT_CSP);
  const watch = (page: Page) =>
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('CSP violation: ') || text.includes('Content Security Policy')) cspViolations.push(`${page.url()}: ${text}`);
    });
  context.pages().forEach(watch);
  context.on('page', watch);
  return context;
}

/**
 * Debian's Chromium with the machine's flags, every page of which reports Content-Security-
 * Policy violations to the suite (browserSuite fails a test that caused one). Every e2e file
 * launches its browser here; `extraArgs` add flags (the editor bench's bare page).
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watchForCsp(await newContext(options));
  browser.newPage = async (options) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.on('close', () => void context.close());
    return page;
  };
  return browser;
}

/** A `Cookie` header's pairs as Playwright cookies for `url`. */
export function cookiesFor(header: string, url: string): { name: string; value: string; url: string }[] {
  return header.split('; ').map((pair) => {
    const eq = pair.indexOf('=');
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url };
  });
}
