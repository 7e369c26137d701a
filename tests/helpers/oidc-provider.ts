import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** One identity the provider knows: its login name at the provider's own form, and its claims. */
export interface OidcIdentity {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface OidcTestProvider {
  /** http://127.0.0.1:<port>, the issuer the app is given as OIDC_ISSUER. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /**
   * (Re)configures the provider for an app at `appUrl`: the identities it signs in (by login
   * name) and whether the email scope's claims also go in the ID token. `emailInIdToken:
   * false` is oidc-provider's default (`conformIdTokenClaims: true`, as OpenID Connect Core
   * 5.4 says): with the code flow, the email is only served by UserInfo.
   */
  configure(options: { appUrl: string; identities: Record<string, OidcIdentity>; emailInIdToken: boolean }): void;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (the `oidc-provider` package, with its development login and
 * consent forms, which take any login name and password) on a loopback port. It listens
 * before it is configured, so that its issuer can be given to the app and the app's
 * callback URL to it; `configure` may be called again to change its settings.
 */
export async function startOidcProvider(): Promise<OidcTestProvider> {
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end('not configured yet');
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'communique-test';
  const clientSecret = randomBytes(24).toString('hex');
  // One signing key and one cookie key for every configuration, so a reconfigured provider
  // is the same issuer to the app.
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const cookieKeys = [randomBytes(32).toString('hex')];

  return {
    issuer,
    clientId,
    clientSecret,
    configure({ appUrl, identities, emailInIdToken }) {
      const configuration: Configuration = {
        clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [`${appUrl}/api/auth/callback/oidc`] }],
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        conformIdTokenClaims: !emailInIdToken,
        jwks: { keys: [{ ...signingKey, kid: 'test', use: 'sig', alg: 'RS256' } as Record<string, unknown>] },
        cookies: { keys: cookieKeys },
        ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Grant: 600, Session: 600 },
        async findAccount(_ctx, sub) {
          const identity = identities[sub];
          if (!identity) return undefined;
          return { accountId: sub, claims: () => ({ sub, ...identity }) };
        },
      };
      const provider = new Provider(issuer, configuration);
      handler = provider.callback();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
