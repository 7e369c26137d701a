import Link from 'next/link';
import { FileCheck } from '@/components/verify/FileCheck';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';

/**
 * The public verification page without a code: someone holding an exported PDF or Word file
 * checks it here. The browser hashes the file; nothing is uploaded.
 */
export default async function VerifyFilePage() {
  const org = await organisation(getServices());
  return (
    <div className="shell newsroom">
      <main className="page verify">
        <p className="eyebrow">
          <Link href="/newsroom">{org.name}</Link> · Verification
        </p>
        <h1>Verify a text</h1>
        <p>Every text {org.name} releases carries a verification link at the end of its last page. Open it, or check the file you received here.</p>
        <FileCheck organisation={org.name} timeZone={org.timeZone} />
      </main>
    </div>
  );
}
