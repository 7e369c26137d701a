import Link from 'next/link';

/**
 * The newsroom's page for an item it does not have: not released yet (under embargo),
 * withdrawn, or never there. It does not say which, so an embargo is not given away. The
 * status stays 404.
 */
export default function NewsroomNotFound() {
  return (
    <main className="page newsroom-missing">
      <h1>This release is not available</h1>
      <p>The text you asked for is not published here. It may not have been released yet, or the address may be mistyped.</p>
      <p>
        <Link href="/newsroom" className="button-link">
          See all releases
        </Link>
      </p>
    </main>
  );
}
