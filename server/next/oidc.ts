import type { Profile, User } from 'next-auth';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import type { TokenSet } from 'openid-client';
import type { Env } from '@/server/env';
import { createLogger } from '@/server/log';
import type { Storage } from '@/server/storage/types';

/**
 * The claims Communiqué reads about an SSO identity: the ID token's, completed by the
 * UserInfo endpoint's (OpenID Connect Core 5.4 serves the `email` and `profile` scopes'
 * claims from UserInfo, and puts them in the ID token only when no access token is issued).
 */
export interface OidcClaims extends Profile {
  sub: string;
  email?: string;
  /** A boolean by the standard; a few providers send the string "true" or "false". */
  email_verified?: boolean | string;
  name?: string;
}

/**
 * Why an SSO sign-in was refused, with the `?error=` code the sign-in page turns into a
 * sentence (app/signin/page.tsx). A deactivated account keeps next-auth's AccessDenied.
 */
const REFUSALS = {
  'no-email': 'SsoNoEmail',
  'email-not-verified': 'SsoEmailNotVerified',
  'no-account': 'OAuthAccountNotLinked',
  inactive: 'AccessDenied',
} as const;
export type SsoRefusal = keyof typeof REFUSALS;

/**
 * The ID token's claims completed by UserInfo's. The ID token is signed and checked, so a
 * claim it carries wins; `email` and `email_verified` are taken as a pair from one source,
 * so that one provider's "verified" never vouches for another source's address. UserInfo's
 * `sub` must be the ID token's (openid-client checks that before this runs).
 */
export function mergeClaims(idToken: OidcClaims, userinfo: Record<string, unknown> | null): OidcClaims {
  const merged: OidcClaims = { ...userinfo, ...idToken };
  const emailSource = typeof idToken.email === 'string' ? idToken : (userinfo ?? {});
  merged.email = typeof emailSource.email === 'string' ? emailSource.email : undefined;
  merged.email_verified = emailSource.email_verified as OidcClaims['email_verified'];
  return merged;
}

/**
 * next-auth's provider for any OpenID Connect issuer. `idToken: true` has openid-client
 * validate the ID token (signature, audience, nonce); the `userinfo` request then reads
 * UserInfo with the access token, when the issuer has that endpoint, and merges both, so a
 * provider on its default settings (email only in UserInfo) and one that also puts the
 * email in the ID token sign in alike. Null when single sign-on is not configured.
 */
export function oidcProvider(env: Env): OAuthConfig<OidcClaims> | null {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = env;
  if (!issuer || !clientId || !clientSecret) return null;
  const log = createLogger(env.LOG_LEVEL);
  return {
    id: 'oidc',
    name: env.OIDC_NAME,
    type: 'oauth',
    wellKnown: `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    authorization: { params: { scope: 'openid email profile' } },
    idToken: true,
    checks: ['pkce', 'state'],
    userinfo: {
      async request({ tokens, client }) {
        const idToken = (tokens as TokenSet).claims() as OidcClaims;
        if (!client.issuer.metadata.userinfo_endpoint) return mergeClaims(idToken, null);
        try {
          return mergeClaims(idToken, await client.userinfo(tokens as TokenSet));
        } catch (error) {
          log.warn('single sign-on refused: the UserInfo request failed', { reason: 'userinfo-failed', issuer, sub: idToken.sub, error });
          throw error;
        }
      },
    },
    profile: (claims) => ({ id: claims.sub, email: claims.email ?? null, name: claims.name ?? claims.email ?? null }),
  };
}

/**
 * The `signIn` decision for an SSO identity: it signs in as the active Communiqué user with
 * the same email, or is sent back to /signin with a sentence for its reason, and the refusal
 * is logged. An email the provider marks unverified (`email_verified: false`) is refused:
 * mapping by email would otherwise let anyone who can set an address at the provider take
 * that account. A missing `email_verified` is accepted, because many workforce providers
 * never send it and the operator chose this issuer (the README's OIDC settings).
 */
export async function admitSsoSignIn(services: { env: Env; storage: Storage }, user: User, claims: OidcClaims | undefined): Promise<true | string> {
  const refuse = (reason: SsoRefusal, email?: string): string => {
    createLogger(services.env.LOG_LEVEL).warn('single sign-on refused', { reason, issuer: services.env.OIDC_ISSUER, sub: claims?.sub ?? user.id, email });
    return `/signin?error=${REFUSALS[reason]}`;
  };
  const email = user.email?.trim();
  if (!email) return refuse('no-email');
  const verified = claims?.email_verified;
  if (verified === false || verified === 'false') return refuse('email-not-verified', email);
  const known = await services.storage.findUserByEmail(email);
  if (!known) return refuse('no-account', email);
  if (!known.active) return refuse('inactive', email);
  return true;
}
