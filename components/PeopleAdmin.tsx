'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ROLES, type Role } from '@/lib/policies/roles';
import { aRole, roleLabel } from '@/lib/text/roles';
import { Modal } from './editor/Dialogs';

interface Person {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
}

async function call(url: string, method: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown> & { error?: { message?: string } };
  if (!res.ok) throw new Error(data.error?.message ?? `The server refused (${res.status}).`);
  return data;
}

/**
 * Invite people, set roles, deactivate accounts and reset passwords (admins only). `sso`:
 * the single sign-on provider's name when one is configured; a person invited to sign in
 * with it gets no password, so nobody asks them to choose one.
 */
export function PeopleAdmin({ people, selfId, sso = null }: { people: Person[]; selfId: string; sso?: string | null }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // A role change waits for a "yes": the menu only proposes it.
  const [proposed, setProposed] = useState<{ person: Person; role: Role } | null>(null);
  // Changing the key puts a select back to the stored role when a change is cancelled.
  const [resets, setResets] = useState(0);

  async function run(action: () => Promise<string | null>) {
    setMessage(null);
    try {
      const text = await action();
      if (text) setMessage({ kind: 'ok', text });
      router.refresh();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : 'That did not work. Try again.' });
    }
  }

  function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    void run(async () => {
      const viaSso = sso !== null && form.get('signIn') === 'sso';
      const data = await call('/api/users', 'POST', {
        email: form.get('email'),
        name: form.get('name'),
        role: form.get('role'),
        ...(viaSso ? { sso: true } : {}),
      });
      target.reset();
      if (viaSso) return `Account created. ${String(form.get('email'))} signs in with ${sso}; there is no password to pass on.`;
      return `Account created. Temporary password for ${String(form.get('email'))}: ${String(data.temporaryPassword)} — pass it on privately; it is not shown again.`;
    });
  }

  return (
    <div className="stack">
      <form onSubmit={invite} className="new-document" aria-label="Invite a person">
        <label className="grow">
          Name
          <input name="name" required maxLength={120} />
        </label>
        <label className="grow">
          Email
          <input name="email" type="email" required />
        </label>
        <label>
          Role
          <select name="role" defaultValue="drafter">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </label>
        {sso !== null && (
          <label>
            Signs in with
            <select name="signIn" defaultValue="sso">
              <option value="sso">{sso}</option>
              <option value="password">A password</option>
            </select>
          </label>
        )}
        <button type="submit" className="primary">
          Invite
        </button>
      </form>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'notice'}>
          {message.text}
        </p>
      )}
      <table className="documents">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Account</th>
            <th scope="col">Password</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id} className={p.active ? undefined : 'inactive'}>
              <td>{p.name}</td>
              <td>{p.email}</td>
              <td>
                <select
                  key={`${p.role}-${resets}`}
                  aria-label={`Role of ${p.name}`}
                  defaultValue={p.role}
                  disabled={p.id === selfId}
                  onChange={(e) => setProposed({ person: p, role: e.target.value as Role })}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {roleLabel(r)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button
                  type="button"
                  disabled={p.id === selfId}
                  onClick={() =>
                    void run(
                      async () => (
                        await call(`/api/users/${p.id}`, 'PATCH', { active: !p.active }),
                        p.active ? `${p.name} is deactivated and signed out everywhere.` : `${p.name} is active again.`
                      ),
                    )
                  }
                >
                  {p.active ? 'Deactivate' : 'Reactivate'}
                </button>
              </td>
              <td>
                <button
                  type="button"
                  onClick={() =>
                    void run(
                      async () => `New temporary password for ${p.email}: ${String((await call(`/api/users/${p.id}/password`, 'POST')).temporaryPassword)}`,
                    )
                  }
                >
                  Reset
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Modal
        open={proposed !== null}
        onClose={() => {
          setProposed(null);
          setResets((n) => n + 1);
        }}
        title="Change a role"
      >
        {proposed && (
          <>
            <p>
              Make {proposed.person.name} {aRole(proposed.role)}?
            </p>
            <p className="muted">
              {proposed.person.name} is {aRole(proposed.person.role)} now. Their open documents close and reopen with what the new role allows.
            </p>
            <div className="dialog-actions">
              <button
                type="button"
                className="primary"
                onClick={() => {
                  const { person, role } = proposed;
                  setProposed(null);
                  void run(async () => (await call(`/api/users/${person.id}`, 'PATCH', { role }), `${person.name} is now ${aRole(role)}.`));
                }}
              >
                Make {aRole(proposed.role)}
              </button>
              <button
                type="button"
                onClick={() => {
                  setProposed(null);
                  setResets((n) => n + 1);
                }}
              >
                Cancel
              </button>
            </div>
          </>
        )}
      </Modal>
    </div>
  );
}
