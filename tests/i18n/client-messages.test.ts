import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_NAMESPACES, type ClientScope } from '@/i18n/client-namespaces';
import { ROOT, clientModulesOf, factsOf, routeFiles } from '@/tests/helpers/client-modules';

/**
 * The browser gets only the catalogue namespaces its client components read, part of the app
 * by part (i18n/client-namespaces.ts, i18n/ClientMessages.tsx). A namespace a client
 * component reads but its part does not send is a runtime error in the browser and keys on
 * the screen; one sent that nobody there reads is bytes in every page. Both fail here.
 */

const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'messages', 'en.json'), 'utf8')) as Record<string, unknown>;
const scopes = Object.keys(CLIENT_NAMESPACES) as ClientScope[];
const routes = routeFiles();
const isLayout = (file: string) => /\/layout\.tsx?$/.test(file);

/** The part a route file is in: the nearest layout at or above its folder that renders `<ClientMessages scope>`. */
function scopeOf(routeFile: string): { scope: string; layout: string } | null {
  let dir = path.dirname(routeFile);
  // Bounded: climbs one folder at a time to app/.
  for (;;) {
    for (const name of ['layout.tsx', 'layout.ts']) {
      const layout = path.join(dir, name);
      if (!fs.existsSync(path.join(ROOT, layout))) continue;
      const [scope] = factsOf(layout).scopes;
      if (scope) return { scope, layout };
    }
    if (dir === 'app' || dir === '.' || dir === '') return null;
    dir = path.dirname(dir);
  }
}

/** For each part: each namespace its client code reads, with the first module (and route) seen reading it. */
function namespacesRead(): Map<string, Map<string, string>> {
  const read = new Map<string, Map<string, string>>();
  for (const route of routes) {
    const scope = scopeOf(route)?.scope ?? '(no part)';
    const mine = read.get(scope) ?? new Map<string, string>();
    read.set(scope, mine);
    for (const { facts, via } of clientModulesOf(route)) {
      for (const ns of facts.namespaces) if (!mine.has(ns)) mine.set(ns, `${facts.file} (from ${via[0]})`);
    }
  }
  return read;
}

describe('the messages sent to the browser (i18n/client-namespaces.ts)', () => {
  it('are, for each part of the app, exactly the namespaces its client components read', () => {
    const read = namespacesRead();
    const problems: string[] = [];
    for (const [scope, used] of read) {
      const sent = new Set<string>(CLIENT_NAMESPACES[scope as ClientScope] ?? []);
      for (const [ns, where] of used) {
        if (!sent.has(ns)) problems.push(`${scope}: add '${ns}' — read by ${where}`);
      }
    }
    for (const scope of scopes) {
      for (const ns of CLIENT_NAMESPACES[scope]) {
        if (!read.get(scope)?.has(ns)) problems.push(`${scope}: remove '${ns}' — no client component of this part reads it`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('are named where they are read: no useTranslations() without a namespace, no useMessages() in client code', () => {
    const unknowable = new Set(routes.flatMap((route) => clientModulesOf(route).flatMap((m) => m.facts.unknowable)));
    expect([...unknowable]).toEqual([]);
  });

  it('are sent by one layout per part, and every route is in a part', () => {
    const declaredBy = new Map<string, string[]>();
    for (const route of routes) {
      for (const scope of factsOf(route).scopes) {
        expect(isLayout(route), `${route} renders <ClientMessages>: only a layout may (it covers the pages below it)`).toBe(true);
        expect(scopes, `${route}: scope "${scope}" is not in CLIENT_NAMESPACES`).toContain(scope);
        declaredBy.set(scope, [...(declaredBy.get(scope) ?? []), route]);
      }
    }
    for (const scope of scopes) expect(declaredBy.get(scope), `the layout of part "${scope}"`).toHaveLength(1);
    expect(routes.filter((route) => !scopeOf(route))).toEqual([]);
  });

  it('name namespaces that exist in the catalogues', () => {
    const missing = scopes.flatMap((scope) => CLIENT_NAMESPACES[scope].filter((ns) => !(ns in en)).map((ns) => `${scope}: ${ns}`));
    expect(missing).toEqual([]);
  });

  it('never include a whole catalogue file in the browser’s code', () => {
    const bundled = new Set(
      routes.flatMap((route) => clientModulesOf(route).flatMap((m) => m.facts.catalogues.map((c) => `${m.facts.file} → ${c} (${m.via.join(' > ')})`))),
    );
    expect([...bundled]).toEqual([]);
  });
});

describe('the reading of client modules (tests/helpers/client-modules.ts)', () => {
  const page = 'tests/fixtures/client-modules/page.tsx';
  const client = () => new Map(clientModulesOf(page).map((m) => [m.facts.file.replace('tests/fixtures/client-modules/', ''), m.facts.namespaces]));

  it('follows a client component into the unmarked component it imports', () => {
    expect(client().get('Fields.tsx')).toEqual(['Fields']);
  });

  it('reads a renamed useTranslations and keeps the top-level namespace of a nested one', () => {
    expect(client().get('Form.tsx')).toEqual(['Form']);
  });

  it('leaves server components and type-only imports on the server', () => {
    expect([...client().keys()].sort()).toEqual(['Fields.tsx', 'Form.tsx']);
    expect(factsOf(page).namespaces).toEqual(['ServerOnly']);
  });
});
