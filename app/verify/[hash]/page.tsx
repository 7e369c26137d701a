import { headers } from 'next/headers';
import Link from 'next/link';
import { formatInZone } from '@/lib/text/dates';
import { FileCheck } from '@/components/verify/FileCheck';
import { clientAddress } from '@/server/auth/throttle';
import { isAppError } from '@/server/errors';
import { admitVerification, isSha256, verifyText } from '@/server/queries/verify';
import { getServices } from '@/server/registry';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';

/**
 * The public verification page a printed export links to: one sentence saying whether that
 * exact text was released, when and by whom, with its title. It never shows the text, and
 * says the same thing for every text that is not released.
 */
export default async function VerifyPage({ params }: { params: Promise<{ hash: string }> }) {
  const { hash } = await params;
  const { storage, env } = getServices();
  const org = await organisation(getServices());
  let refusal: string | null = null;
  try {
    admitVerification(clientAddress(await headers(), env.TRUST_PROXY), env.VERIFY_LOOKUPS_PER_MINUTE);
  } catch (err) {
    if (!isAppError(err)) throw err;
    refusal = err.message;
  }
  const answer = isSha256(hash) && !refusal ? await verifyText(storage, org.name, hash) : null;
  return (
    <div className="shell newsroom">
      <main className="page verify">
        <p className="eyebrow">
          <Link href="/newsroom">{org.name}</Link> · Verification
        </p>
        <h1>Verify a text</h1>
        {refusal && <p className="verdict">{refusal}</p>}
        {!answer && !refusal && (
          <p className="verdict">This link does not carry a verification code: it should end in 64 hexadecimal characters. Check it and try again.</p>
        )}
        {answer?.released && (
          <p className="verdict" data-released="true">
            Yes: this exact text, “<span lang={answer.language}>{answer.title}</span>”, was released by {answer.organisation} on{' '}
            <time dateTime={answer.releasedAt}>{formatInZone(answer.releasedAt, org.timeZone)}</time>.
          </p>
        )}
        {answer && !answer.released && (
          <p className="verdict" data-released="false">
            This is not a released text of {org.name}.
          </p>
        )}
        <p className="fingerprint">SHA-256 {hash.slice(0, 64)}</p>
        <FileCheck organisation={org.name} timeZone={org.timeZone} />
      </main>
    </div>
  );
}
