import fs from 'node:fs';
import path from 'node:path';

/** Regular files under `dir`, as relative names with `/`, sorted (links and sockets are left out). */
export function listFiles(dir: string, prefix = ''): string[] {
  const names: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) names.push(...listFiles(dir, rel));
    else if (entry.isFile()) names.push(rel);
  }
  return names.sort();
}
