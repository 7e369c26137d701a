/**
 * What a render worker runs besides Typst, loaded into it through tsx (worker threads do
 * not inherit the server's TypeScript loader): the DOCX writer and the reading of a
 * document's stored state. One module, so the worker loads TypeScript once.
 */
export { statementDocx } from './docx';
export { contentOfStoredState } from './stored-content';
export { withoutUnsafeLinksJson } from '@/lib/editor/links';
