import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { returnPath } from '../../lib/text/return-path';
import { verifyPassword } from '../auth/password';
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
  const { env, storage, secret } = getServices();
  const providers: AuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials) {
        const email = credentials?.email?.trim();
        const password = credentials?.password;
        if (!email || !password) return null;
        const user = await storage.findUserByEmail(email);
        if (!user || !user.active || !user.passwordHash) return null;
        if (!(await verifyPassword(password, user.passwordHash))) return null;
        return { id: user.id, name: user.name, email: user.email };
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
      // Only back to a page of ours, however the callback URL is spelled (no open redirect).
      redirect: ({ url, baseUrl }) => `${baseUrl}${returnPath(url.startsWith(baseUrl) ? url.slice(baseUrl.length) || '/' : url)}`,
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
        return token;
      },
    },
  };
}
