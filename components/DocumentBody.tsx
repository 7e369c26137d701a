import type { ReactNode } from 'react';
import { isSafeHref } from '@/lib/editor/links';

/** A ProseMirror JSON node as stored in a version (already validated by the editor schema). */
export interface PMJson {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  content?: PMJson[];
}

function renderMarks(text: string, marks: PMJson['marks'], key: number): ReactNode {
  let node: ReactNode = text;
  for (const mark of marks ?? []) {
    switch (mark.type) {
      case 'bold':
        node = <strong>{node}</strong>;
        break;
      case 'italic':
        node = <em>{node}</em>;
        break;
      case 'underline':
        node = <u>{node}</u>;
        break;
      case 'strike':
        node = <s>{node}</s>;
        break;
      case 'link': {
        const href = isSafeHref(mark.attrs?.href) ? mark.attrs.href : undefined;
        node = href ? (
          <a href={href} rel="noopener noreferrer">
            {node}
          </a>
        ) : (
          node
        );
        break;
      }
    }
  }
  return <span key={key}>{node}</span>;
}

function renderNode(node: PMJson, key: number): ReactNode {
  const children = node.content?.map((child, i) => renderNode(child, i));
  const align =
    typeof node.attrs?.textAlign === 'string' && node.attrs.textAlign !== 'left'
      ? { textAlign: node.attrs.textAlign as 'center' | 'right' | 'justify' }
      : undefined;
  switch (node.type) {
    case 'doc':
      return <>{children}</>;
    case 'paragraph':
      return (
        <p key={key} style={align}>
          {children}
        </p>
      );
    case 'heading': {
      const level = Math.min(Math.max(Number(node.attrs?.level ?? 2), 1), 3) + 1;
      const Tag = `h${level}` as 'h2' | 'h3' | 'h4';
      return (
        <Tag key={key} style={align}>
          {children}
        </Tag>
      );
    }
    case 'bulletList':
      return <ul key={key}>{children}</ul>;
    case 'orderedList':
      return (
        <ol key={key} start={typeof node.attrs?.start === 'number' ? node.attrs.start : undefined}>
          {children}
        </ol>
      );
    case 'listItem':
      return <li key={key}>{children}</li>;
    case 'blockquote':
      return <blockquote key={key}>{children}</blockquote>;
    case 'table':
      // Wide tables scroll sideways inside their box (phones) instead of widening the page.
      return (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it
        <div key={key} className="table-scroll" tabIndex={0}>
          <table className="doc-table">
            <tbody>{children}</tbody>
          </table>
        </div>
      );
    case 'tableRow':
      return <tr key={key}>{children}</tr>;
    case 'tableHeader':
    case 'tableCell': {
      const Cell = node.type === 'tableHeader' ? 'th' : 'td';
      const span = (name: 'colspan' | 'rowspan') => {
        const v = node.attrs?.[name];
        return typeof v === 'number' && Number.isInteger(v) && v > 1 ? Math.min(v, 64) : undefined;
      };
      return (
        <Cell key={key} colSpan={span('colspan')} rowSpan={span('rowspan')} scope={node.type === 'tableHeader' ? 'col' : undefined}>
          {children}
        </Cell>
      );
    }
    case 'hardBreak':
      return <br key={key} />;
    case 'text':
      return renderMarks(node.text ?? '', node.marks, key);
    default:
      return <>{children}</>;
  }
}

/**
 * Renders a stored document body as React elements (never as raw HTML, so nothing in a
 * document can inject markup). Headings shift down one level under the page's title.
 * In the workspace the text is its writers', as written (`asWritten`: translate="no", not
 * the interface's to translate, nor a browser translator's, as in the editor); a public
 * release leaves its readers' browsers free to translate it.
 */
export function DocumentBody({ content, language, asWritten = false }: { content: PMJson; language: string; asWritten?: boolean }) {
  return (
    <div className="document-body" lang={language} translate={asWritten ? 'no' : undefined}>
      {renderNode(content, 0)}
    </div>
  );
}
