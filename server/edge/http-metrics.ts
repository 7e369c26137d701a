import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/** The label of a path that is no route of ours (a 404): its path is never a label. */
export const UNMATCHED_ROUTE = 'unmatched';

interface ManifestRoute {
  page: string;
  regex: string;
}

/**
 * Names a request path by its route template (`/api/documents/[id]/versions/[vid]`, never
 * the ids themselves), so metrics stay few and carry no document or user ids. The templates
 * are Next's own (its routes manifest in the production build), plus our edge endpoints
 * and the static files, which are one route each. Without a build (`npm run dev`) every
 * page is `unmatched`.
 */
export class RouteTemplates {
  private readonly exact = new Set<string>(['/metrics', '/livez', '/readyz']);
  private readonly patterns: { page: string; regex: RegExp }[] = [];

  constructor(root: string) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(root, '.next', 'routes-manifest.json'), 'utf8')) as {
        staticRoutes?: ManifestRoute[];
        dynamicRoutes?: ManifestRoute[];
      };
      for (const route of manifest.staticRoutes ?? []) this.exact.add(route.page);
      for (const route of manifest.dynamicRoutes ?? []) this.patterns.push({ page: route.page, regex: new RegExp(route.regex) });
    } catch {
      // no production build: pages are counted as unmatched
    }
  }

  /** The route template of a path (without its query). */
  of(pathname: string): string {
    const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
    if (this.exact.has(trimmed)) return trimmed;
    if (trimmed.startsWith('/_next/static/')) return '/_next/static/[file]';
    if (trimmed.startsWith('/_next/image')) return '/_next/image';
    for (const { page, regex } of this.patterns) if (regex.test(trimmed)) return page;
    return UNMATCHED_ROUTE;
  }
}

/** Counts a request when its answer is sent: route template, method, status and duration. */
export function countRequest(
  req: IncomingMessage,
  res: ServerResponse,
  routes: RouteTemplates,
  record: (route: string, method: string, status: number, seconds: number) => void,
): void {
  const started = performance.now();
  res.once('finish', () => {
    const route = routes.of((req.url ?? '/').split('?')[0]!);
    const method = KNOWN_METHODS.has(req.method ?? '') ? req.method! : 'OTHER';
    record(route, method, res.statusCode, (performance.now() - started) / 1000);
  });
}

/** Methods counted by name; anything else a client invents is one label, `OTHER`. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
