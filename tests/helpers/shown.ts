/**
 * A page's HTML as the server rendered it, without its scripts: they carry the interface's
 * message catalogue (next-intl's provider), so every message's words are in them, shown or
 * not. What a test says is (not) on the page is read from this.
 */
export async function shownHtml(url: string, cookie: string): Promise<string> {
  const html = await (await fetch(url, { headers: { Cookie: cookie } })).text();
  return html.replace(/<script[\s\S]*?<\/script>/g, '');
}
