import { useTranslations } from 'next-intl';
import type { SearchMatch } from '@/lib/text/document';

/**
 * The passage a search matched, under a result: where it matched, then the passage with the
 * matched words in <mark>. The words are cut out by their offsets and rendered as text, so
 * nothing in a document can become markup. Field names: `SearchSnippet.<field>`.
 */
export function SearchSnippet({ match, language }: { match: SearchMatch; language: string }) {
  const t = useTranslations('SearchSnippet');
  const parts: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const [start, end] of match.highlights) {
    if (start < at || end > match.snippet.length) continue;
    if (start > at) parts.push({ text: match.snippet.slice(at, start), marked: false });
    parts.push({ text: match.snippet.slice(start, end), marked: true });
    at = end;
  }
  if (at < match.snippet.length) parts.push({ text: match.snippet.slice(at), marked: false });
  return (
    <p className="search-snippet" data-testid="search-snippet">
      <span className="snippet-field">{t(match.field)}: </span>
      <span lang={language} translate="no">
        {parts.map((part, i) => (part.marked ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
      </span>
    </p>
  );
}
