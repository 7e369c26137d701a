import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { returnPath } from '../../lib/text/return-path';
import { verifyPassword } from '../auth/password';
import { getServices } from '../registry';
import { admitSsoSignIn, oidcProvider, type OidcClaims } from './oidc';

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
        return token;
      },
    },
  };
}
