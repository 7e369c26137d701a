import type { Page } from 'playwright-core';

/**
 * What a page shows that did not come from a catalogue, when it is rendered in the
 * pseudo-locale en-XA (every message wrapped in ⟦ ⟧; PSEUDO_LOCALE=true on the server):
 * the words of its visible text outside the brackets, and each aria-label, title,
 * placeholder or alt that is not bracketed. Not checked: content marked translate="no"
 * (document titles, people's and the organisation's names, languages named in themselves)
 * and <time> (a moment formatted by Intl). Digits, punctuation and symbols may stand alone.
 * Empties the exempt elements of the live page, so it is the last look at it. `within`: a
 * CSS selector for the part of the page to look at (a component on a page that is not all
 * translated yet); the whole body by default.
 */
export async function textOutsideCatalogues(page: Page, within = 'body'): Promise<string[]> {
  return page.evaluate((selector) => {
    const root = document.querySelector<HTMLElement>(selector);
    if (!root) return [`nothing matches ${selector}`];
    const found: string[] = [];
    const exempt = (el: Element) => el.closest('[translate="no"], time') !== null;
    for (const el of root.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      if (exempt(el)) continue;
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = el.getAttribute(name)?.trim();
        if (value && /\p{L}/u.test(value) && !(value.startsWith('⟦') && value.endsWith('⟧'))) found.push(`${el.tagName.toLowerCase()}[${name}="${value}"]`);
      }
    }
    for (const el of root.querySelectorAll('[translate="no"], time')) el.textContent = '';
    let depth = 0;
    let outside = '';
    for (const ch of root.innerText) {
      if (ch === '⟦') depth++;
      else if (ch === '⟧') depth = Math.max(0, depth - 1);
      else if (depth === 0) outside += ch;
    }
    for (const word of outside.split(/[\s\d\p{P}\p{S}]+/u)) if (word) found.push(word);
    return found;
  }, within);
}
