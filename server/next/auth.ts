import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { randomUUID } from 'node:crypto';
import { checkCredentials } from '../auth/credentials';
import { CLOSE } from '../errors';
import { getServices } from '../registry';

interface OidcProfile {
  sub: string;
  email?: string;
  name?: string;
}

/**
 * next-auth's options, built per request from the running services. Sign-in is by email
 * and password (provider id `credentials`) and, when OIDC_* is set, by any OpenID Connect
 * provider; an SSO identity signs in as the Communiqué user with the same email. The JWT
 * carries only the user id (`sub`): the role is read from the database at every decision.
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
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    const oidc: OAuthConfig<OidcProfile> = {
      id: 'oidc',
      name: env.OIDC_NAME,
      type: 'oauth',
      wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: 'openid email profile' } },
      idToken: true,
      checks: ['pkce', 'state'],
      profile: (profile) => ({ id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.email ?? null }),
    };
    providers.push(oidc);
  }
  return {
    secret,
    providers,
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    useSecureCookies: (env.NEXTAUTH_URL ?? '').startsWith('https://'),
    pages: { signIn: '/signin', error: '/signin' },
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider === 'credentials') return true;
        const known = user.email ? await storage.findUserByEmail(user.email) : null;
        return Boolean(known?.active);
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
