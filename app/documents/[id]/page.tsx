import { notFound, redirect } from 'next/navigation';
import { CollaborativeEditor } from '../../../components/CollaborativeEditor';
import { KIND_LABELS } from '../../../lib/text/document';
import { userColour } from '../../../lib/text/colour';
import { STATE_LABELS, type DocumentState } from '../../../lib/workflow/states';
import { isAppError } from '../../../server/errors';
import { currentUser } from '../../../server/next/http';
import { getDocument } from '../../../server/queries/documents';
import { getServices } from '../../../server/registry';

export const dynamic = 'force-dynamic';

export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=/documents/${encodeURIComponent(id)}`);
  let doc;
  try {
    doc = await getDocument(getServices().storage, user, id);
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') notFound();
    throw err;
  }
  const readOnlyReason = doc.abilities.edit
    ? null
    : doc.state !== 'draft'
      ? `this document is ${STATE_LABELS[doc.state as DocumentState]?.toLowerCase() ?? doc.state}; only drafts can be edited.`
      : 'your role lets you read this document, not edit it.';
  return (
    <main className="page editor-page">
      <div className="doc-head">
        <p className="eyebrow">
          {KIND_LABELS[doc.kind]} · {doc.language} · {STATE_LABELS[doc.state as DocumentState] ?? doc.state}
        </p>
        <h1 lang={doc.language}>{doc.title}</h1>
        {doc.dateline && (
          <p className="dateline" lang={doc.language}>
            {[doc.dateline.place, doc.dateline.date].filter(Boolean).join(', ')}
          </p>
        )}
      </div>
      <CollaborativeEditor
        documentId={doc.id}
        language={doc.language}
        user={{ name: user.name, color: userColour(user.id) }}
        readOnlyReason={readOnlyReason}
      />
    </main>
  );
}
