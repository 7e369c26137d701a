import { api } from '../helpers/session';

let counter = 0;

/** Creates a document through the REST API as the signed-in user; returns its id. */
export async function createDocument(
  baseUrl: string,
  cookie: string,
  overrides: Partial<{ title: string; kind: string; language: string }> = {},
): Promise<string> {
  const res = await api<{ id: string }>(baseUrl, cookie, 'POST', '/api/documents', {
    title: `Statement ${++counter}`,
    kind: 'statement',
    language: 'en',
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`creating a document failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}
