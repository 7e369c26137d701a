'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { ROLES, type Role } from '@/lib/policies/roles';
import { jsonRequest, OutcomeLine, useAdminRequest } from './AdminRequest';
import { Modal } from './editor/Dialogs';

interface Person {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
}

/**
 * Invite people, set roles, deactivate accounts and reset passwords (admins only). `sso`:
 * the single sign-on provider's name when one is configured; a person invited to sign in
 * with it gets no password, so nobody asks them to choose one. Words: `PeopleAdmin`, role
 * names from `roles` (in a sentence, each language words the role itself: `{role, select}`).
 */
export function PeopleAdmin({ people, selfId, sso = null }: { people: Person[]; selfId: string; sso?: string | null }) {
  const t = useTranslations('PeopleAdmin');
  const roles = useTranslations('roles');
  const { outcome, send } = useAdminRequest();
  // A role change waits for a "yes": the menu only proposes it.
  const [proposed, setProposed] = useState<{ person: Person; role: Role } | null>(null);
  // Changing the key puts a select back to the stored role when a change is cancelled.
  const [resets, setResets] = useState(0);

  function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    const email = String(form.get('email'));
    const viaSso = sso !== null && form.get('signIn') === 'sso';
    const body = { email, name: form.get('name'), role: form.get('role'), ...(viaSso ? { sso: true } : {}) };
    void send('/api/users', jsonRequest('POST', body), (answer) => {
      target.reset();
      return viaSso ? t('createdSso', { email, sso }) : t('created', { email, password: String(answer.temporaryPassword) });
    });
  }

  return (
    <div className="stack">
      <form onSubmit={invite} className="new-document" aria-label={t('inviteForm')}>
        <label className="grow">
          {t('name')}
          <input name="name" required maxLength={120} />
        </label>
        <label className="grow">
          {t('email')}
          <input name="email" type="email" required />
        </label>
        <label>
          {t('role')}
          <select name="role" defaultValue="drafter">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roles(r)}
              </option>
            ))}
          </select>
        </label>
        {sso !== null && (
          <label>
            {t('signsInWith')}
            <select name="signIn" defaultValue="sso">
              <option value="sso" translate="no">
                {sso}
              </option>
              <option value="password">{t('aPassword')}</option>
            </select>
          </label>
        )}
        <button type="submit" className="primary">
          {t('invite')}
        </button>
      </form>
      <OutcomeLine outcome={outcome} />
      <table className="documents">
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('email')}</th>
            <th scope="col">{t('role')}</th>
            <th scope="col">{t('account')}</th>
            <th scope="col">{t('password')}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id} className={p.active ? undefined : 'inactive'}>
              <td data-label={t('name')}>
                <span translate="no">{p.name}</span>
              </td>
              <td data-label={t('email')}>
                <span translate="no">{p.email}</span>
              </td>
              <td data-label={t('role')}>
                <select
                  key={`${p.role}-${resets}`}
                  aria-label={t('roleOf', { name: p.name })}
                  defaultValue={p.role}
                  disabled={p.id === selfId}
                  onChange={(e) => setProposed({ person: p, role: e.target.value as Role })}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {roles(r)}
                    </option>
                  ))}
                </select>
              </td>
              <td data-label={t('account')}>
                <button
                  type="button"
                  disabled={p.id === selfId}
                  onClick={() =>
                    void send(`/api/users/${p.id}`, jsonRequest('PATCH', { active: !p.active }), () =>
                      t(p.active ? 'deactivated' : 'reactivated', { name: p.name }),
                    )
                  }
                >
                  {t(p.active ? 'deactivate' : 'reactivate')}
                </button>
              </td>
              <td data-label={t('password')}>
                <button
                  type="button"
                  onClick={() =>
                    void send(`/api/users/${p.id}/password`, jsonRequest('POST'), (answer) =>
                      t('newPassword', { email: p.email, password: String(answer.temporaryPassword) }),
                    )
                  }
                >
                  {t('reset')}
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
        title={t('changeTitle')}
      >
        {proposed && (
          <>
            <p>{t('confirm', { name: proposed.person.name, role: proposed.role })}</p>
            <p className="muted">{t('current', { name: proposed.person.name, role: proposed.person.role })}</p>
            <div className="dialog-actions">
              <button
                type="button"
                className="primary"
                onClick={() => {
                  const { person, role } = proposed;
                  setProposed(null);
                  void send(`/api/users/${person.id}`, jsonRequest('PATCH', { role }), () => t('changed', { name: person.name, role }));
                }}
              >
                {t('make', { role: proposed.role })}
              </button>
              <button
                type="button"
                onClick={() => {
                  setProposed(null);
                  setResets((n) => n + 1);
                }}
              >
                {t('cancel')}
              </button>
            </div>
          </>
        )}
      </Modal>
    </div>
  );
}
