import type { AuthContext, AuthExplanation, AuthSession, OutgoingRequest } from '../../authContract';
import { TokenCache, type CachedToken } from './tokenCache';

/**
 * A session whose credential is one cached bearer token (OAuth2 client credentials, Google): the token is fetched
 * once and shared, a 401 discards it and fetches another, Sign Out forgets it.
 */
export abstract class CachedTokenSession implements AuthSession {
  readonly setsAuthorization = true;
  protected readonly cache: TokenCache;

  constructor(
    protected readonly context: AuthContext,
    protected readonly now: () => number,
    /** Names the provider in log lines. */
    private readonly providerName: string,
  ) {
    this.cache = new TokenCache(() => this.fetchToken(), now);
  }

  abstract initialize(signal?: AbortSignal): Promise<void>;
  abstract authenticate(request: Pick<OutgoingRequest, 'headers'>, signal?: AbortSignal): Promise<AuthExplanation>;
  protected abstract fetchToken(): Promise<CachedToken>;

  async refresh(signal?: AbortSignal): Promise<boolean> {
    this.context.log?.('debug', `${this.providerName}: fetching a new token for ${this.context.connectionId} after the server rejected the current one`);
    await this.cache.refresh(signal);
    return true;
  }

  signOut(): void {
    this.cache.clear();
  }

  dispose(): void {
    this.cache.clear();
  }
}
