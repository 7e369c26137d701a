import { randomUUID } from 'node:crypto';
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { returnPath } from '@/lib/text/return-path';
import { checkCredentials } from '@/server/auth/credentials';
import { CLOSE } from '@/server/errors';
import { getServices } from '@/server/registry';
import { admitSsoSignIn, oidcProvider, type OidcClaims } from './oidc';

/**
 * next-auth's options, built per request from the running services. Sign-in is by email
 * and password (provider id `credentials`) and, when OIDC_* is set, by any OpenID Connect
 * provider; an SSO identity signs in as the Communiqué user with the same email. The JWT
 * carries the user id (`sub`), its own session id (`sid`, revoked on sign-out) and the
 * user's session epoch at sign-in (`epoch`, moved on by a password change, a reset, a
 * deactivation or "sign out everywhere") and how it signed in (`via`: `password` or `sso`;
 * only a password session must replace a password an admin set); the role is read from the database at every decision.
 */
export function authOptions(): AuthOptions {
  const { env, storage, secret, collab } = getServices();
  const providers: AuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials) {
        const email = credentials?.email?.trim();
        const password = credentials?.password;
        if (!email || !password) return null;
        const user = await checkCredentials(storage, email, password);
        return user && { id: user.id, name: user.name, email: user.email };
      },
    }),
  ];
  const oidc = oidcProvider(env);
  if (oidc) providers.push(oidc);
  return {
    secret,
    providers,
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    useSecureCookies: (env.NEXTAUTH_URL ?? '').startsWith('https://'),
    pages: { signIn: '/signin', error: '/signin' },
    callbacks: {
      // Only back to a page of ours, however the callback URL is spelled (no open redirect).
      redirect: ({ url, baseUrl }) => `${baseUrl}${returnPath(url.startsWith(baseUrl) ? url.slice(baseUrl.length) || '/' : url)}`,
      async signIn({ user, account, profile }) {
        if (account?.provider === 'credentials') return true;
        return admitSsoSignIn({ env, storage }, user, profile as OidcClaims | undefined);
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === 'credentials') token.sub = user.id;
        else if (user?.email) {
          const known = await storage.findUserByEmail(user.email);
          if (known) token.sub = known.id;
        }
        if (user && token.sub) {
          // A new session: its own id (signing out ends it) and the epoch it belongs to.
          token.sid = randomUUID();
          token.epoch = (await storage.findUserById(token.sub))?.sessionEpoch ?? 0;
          // How it signed in: a password an admin set binds only password sessions (session.ts).
          token.via = account?.provider === 'credentials' ? 'password' : 'sso';
        }
        return token;
      },
    },
    events: {
      async signOut({ token }) {
        // The cookie is gone from this browser; a copy of it must stop working too. (A
        // failure here is logged by next-auth as SIGNOUT_ERROR.)
        if (typeof token?.sid !== 'string') return;
        const expires = typeof token.exp === 'number' ? new Date(token.exp * 1000) : new Date(Date.now() + 12 * 60 * 60 * 1000);
        await storage.revokeSession(token.sid, expires);
        if (token.sub) collab.closeUserSockets(token.sub, CLOSE.reauthorize, 'signed out');
      },
    },
  };
}
