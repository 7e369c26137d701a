import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * A static reading of the app's modules for tests/i18n/client-messages.test.ts: which
 * modules run in the browser (a 'use client' file and everything it imports, marked or not),
 * which catalogue namespaces they read with `useTranslations`, and which layout sends which
 * namespaces (`<ClientMessages scope="…">`, i18n/ClientMessages.tsx). It reads the source
 * with TypeScript's parser, so type-only imports, aliases of `useTranslations` and the `@/`
 * path alias are understood the way the bundler understands them.
 */

export const ROOT = path.resolve(__dirname, '..', '..');

/** What one module says about itself, paths relative to the repository's root. */
export interface ModuleFacts {
  file: string;
  /** The file starts with the 'use client' directive. */
  useClient: boolean;
  /** Local modules it imports for their values (type-only imports are left out: they bring no code). */
  imports: string[];
  /** Top-level catalogue namespaces of its `useTranslations('Ns')` / `useTranslations('Ns.sub')` calls. */
  namespaces: string[];
  /** Calls that need the whole catalogue or an unknown part of it: `useTranslations()`, a computed namespace, `useMessages()`. */
  unknowable: string[];
  /** messages/<locale>.json files it imports (a whole catalogue in the bundle). */
  catalogues: string[];
  /** The `scope` of a `<ClientMessages scope="…">` it renders, if any. */
  scopes: string[];
}

const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.mjs', '/index.ts', '/index.tsx'];
const INTL_PACKAGES = new Set(['next-intl', 'use-intl', 'use-intl/react']);

/** The local file an import specifier names, or null for a package. */
function resolve(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith('@/')) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith('./') || specifier.startsWith('../')) base = path.resolve(path.dirname(path.join(ROOT, from)), specifier);
  else return null;
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return path.relative(ROOT, candidate);
  }
  return null;
}

const cache = new Map<string, ModuleFacts>();

/** The facts of one module (read once per test run). */
export function factsOf(file: string): ModuleFacts {
  const known = cache.get(file);
  if (known) return known;
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const facts: ModuleFacts = { file, useClient: false, imports: [], namespaces: [], unknowable: [], catalogues: [], scopes: [] };
  for (const statement of source.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    if (statement.expression.text === 'use client') facts.useClient = true;
  }
  /** Local names of next-intl's hooks in this file (`import { useTranslations as useT }`). */
  const hooks = new Map<string, string>();
  const addImport = (specifier: string) => {
    const target = resolve(file, specifier);
    if (!target) return;
    if (/^messages\/[^/]+\.json$/.test(target)) facts.catalogues.push(target);
    else if (/\.(tsx?|m?js)$/.test(target)) facts.imports.push(target);
  };
  const line = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = clause?.isTypeOnly || (clause && !clause.name && named && named.length > 0 && named.every((e) => e.isTypeOnly));
      if (!typeOnly) addImport(node.moduleSpecifier.text);
      if (INTL_PACKAGES.has(node.moduleSpecifier.text) && named) {
        for (const element of named) hooks.set(element.name.text, (element.propertyName ?? element.name).text);
      }
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      if (!node.isTypeOnly && !(named && named.length > 0 && named.every((e) => e.isTypeOnly))) addImport(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword && first && ts.isStringLiteralLike(first)) addImport(first.text);
      const hook = ts.isIdentifier(node.expression) ? hooks.get(node.expression.text) : undefined;
      if (hook === 'useTranslations') {
        if (first && ts.isStringLiteralLike(first)) facts.namespaces.push(first.text.split('.')[0]!);
        else facts.unknowable.push(`${line(node)}: ${node.getText()}`);
      } else if (hook === 'useMessages') facts.unknowable.push(`${line(node)}: ${node.getText()}`);
    } else if ((ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) && node.tagName.getText() === 'ClientMessages') {
      for (const attribute of node.attributes.properties) {
        if (!ts.isJsxAttribute(attribute) || attribute.name.getText() !== 'scope') continue;
        const value = attribute.initializer;
        facts.scopes.push(value && ts.isStringLiteral(value) ? value.text : `(not a string literal at ${line(attribute)})`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  facts.namespaces = [...new Set(facts.namespaces)];
  cache.set(file, facts);
  return facts;
}

const ROUTE_FILE = /^(page|layout|template|not-found|error|global-error|loading|default)\.(tsx|ts|jsx|js)$/;

/** Every file of app/ that Next renders as part of a page (pages, layouts, not-found, error, …). */
export function routeFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (ROUTE_FILE.test(entry.name)) found.push(rel);
    }
  };
  walk('app');
  return found.sort();
}

/** A module that runs in the browser, and the route file it was reached from. */
export interface ClientModule {
  facts: ModuleFacts;
  /** The chain of imports from the route file to it. */
  via: string[];
}

/**
 * The modules a route file sends to the browser: each 'use client' module reachable through
 * its imports, and everything those import in turn (marked or not — under a client boundary
 * every module is client code). Server modules on the way are walked but not returned.
 */
export function clientModulesOf(routeFile: string): ClientModule[] {
  const result = new Map<string, ClientModule>();
  const seen = new Set<string>();
  const queue: { file: string; client: boolean; via: string[] }[] = [{ file: routeFile, client: false, via: [routeFile] }];
  // Bounded: each (file, side) is visited once, and the repository has finitely many files.
  while (queue.length > 0) {
    const { file, client: above, via } = queue.shift()!;
    const facts = factsOf(file);
    const client = above || facts.useClient;
    const key = `${client}:${file}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (client && !result.has(file)) result.set(file, { facts, via });
    for (const next of facts.imports) queue.push({ file: next, client, via: [...via, next] });
  }
  return [...result.values()];
}
