import { ConfidentialClientApplication } from '@azure/msal-node';
import type { Config } from '../config/config.ts';
import { AppError } from '../shared/errors.ts';

/**
 * Where a Graph access token comes from. Production: MSAL (app-only client credentials, or
 * On-Behalf-Of the signed-in user). Tests: a static token, because MSAL refuses http:// authorities.
 */
export interface TokenSource {
  getToken(): Promise<string>;
}

/** Exchanges the tab's SSO token for a Graph token of the same user (On-Behalf-Of flow). */
export interface OboExchanger {
  exchange(userAssertion: string, scopes: string[]): Promise<string>;
}

export const staticTokenSource = (token: string): TokenSource => ({ getToken: async () => token });

/** The confidential client of the tab/API app registration (it owns SSO, app roles and Graph permissions). */
function msalClient(config: Config): ConfidentialClientApplication | undefined {
  const { clientId, tenantId, clientSecret } = config.sso;
  if (!clientId || !tenantId || !clientSecret) return undefined;
  const host = new URL(config.graph.authorityHost).host;
  return new ConfidentialClientApplication({
    auth: {
      clientId,
      clientSecret,
      authority: `${config.graph.authorityHost}/${tenantId}`,
      // A sovereign-cloud (or test) sign-in host is trusted as configured, without public instance discovery.
      knownAuthorities: host === 'login.microsoftonline.com' ? [] : [host],
    },
  });
}

/** `<graph base>/.default`: every application permission the admin consented to. */
export const graphDefaultScope = (config: Config) => `${config.graph.baseUrl}/.default`;

/** App-only token (client credentials). MSAL caches it and renews it before expiry. */
export function createMsalAppTokenSource(config: Config): TokenSource | undefined {
  const msal = msalClient(config);
  if (!msal) return undefined;
  const scopes = [graphDefaultScope(config)];
  return {
    async getToken() {
      const result = await msal.acquireTokenByClientCredential({ scopes });
      if (!result?.accessToken)
        throw new AppError('unavailable', 'Could not get a Microsoft Graph token for the app.');
      return result.accessToken;
    },
  };
}

export function createMsalOboExchanger(config: Config): OboExchanger | undefined {
  const msal = msalClient(config);
  if (!msal) return undefined;
  return {
    async exchange(userAssertion, scopes) {
      try {
        const result = await msal.acquireTokenOnBehalfOf({ oboAssertion: userAssertion, scopes });
        if (result?.accessToken) return result.accessToken;
      } catch (err) {
        // consent_required / interaction_required: the tab asks the user to consent and retries.
        const code = (err as { errorCode?: string }).errorCode;
        if (code === 'consent_required' || code === 'interaction_required' || code === 'invalid_grant')
          throw new AppError(
            'forbidden',
            'Microsoft 365 needs your consent before the app can write to your calendar.',
          );
        throw new AppError('unavailable', 'Microsoft 365 sign-in is unavailable; please try again later.');
      }
      throw new AppError('unavailable', 'Microsoft 365 sign-in is unavailable; please try again later.');
    },
  };
}
