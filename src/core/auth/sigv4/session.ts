import { CatalogError } from '../../errors';
import type { AuthContext, AuthExplanation, AuthSession, OutgoingRequest, RefusedRequest, RejectionExplanation } from '../../authContract';
import type { AuthProviderRegistry } from '../registry';
import { CredentialCache, credentialError, defaultCredentialResolverFactory, type CredentialResolverFactory } from './credentials';
import { parseSigV4Settings, type SigV4Config } from './settings';
import { SigV4Explanation } from './explanation';
import { explainSigV4Rejection } from './rejection';
import { RequestSigner } from './sign';

/** Seams for tests; production passes none. */
export interface SigV4Options {
  /** Clock for x-amz-date and for credential expiry. */
  now?: () => Date;
  /** Replaces @aws-sdk/credential-providers (e.g. to count resolutions). */
  credentialResolverFactory?: CredentialResolverFactory;
  /** Add and sign x-amz-content-sha256 (default true). The AWS test suite's expectations predate it. */
  payloadHashHeader?: boolean;
}

export class SigV4Session implements AuthSession {
  readonly setsAuthorization = true;
  private config?: SigV4Config;
  private readonly configError?: unknown;
  private cache?: CredentialCache;
  private delegate?: AuthSession;
  private initializing?: Promise<void>;
  /** Set once initialize() has succeeded: requests then skip awaiting it. */
  private ready = false;
  private readonly now: () => Date;
  /** Configured for the credentials in use; replaced when they are (a refresh returns a new identity). */
  private signer?: RequestSigner;

  constructor(
    settings: Readonly<Record<string, string | undefined>>,
    private readonly context: AuthContext,
    private readonly registry: AuthProviderRegistry,
    private readonly options: SigV4Options = {},
  ) {
    this.now = options.now ?? (() => new Date());
    try {
      this.config = parseSigV4Settings(settings);
    } catch (err) {
      // Reported from initialize(), where the transport expects connect-time failures.
      this.configError = err;
    }
  }

  initialize(signal?: AbortSignal): Promise<void> {
    this.initializing ??= this.doInitialize(signal).catch((err: unknown) => {
      this.initializing = undefined;
      throw err;
    });
    return this.initializing;
  }

  private async doInitialize(signal?: AbortSignal): Promise<void> {
    if (this.configError || !this.config) throw this.configError;
    const config = this.config;
    if (config.delegate) {
      if (config.delegate === 'sigv4') throw new CatalogError('config', 'sigv4: the wrapped auth cannot be sigv4 itself');
      this.delegate = this.registry.require(config.delegate).create(config.delegateSettings, this.context);
      await this.delegate.initialize(signal);
    }
    const factory = this.options.credentialResolverFactory ?? defaultCredentialResolverFactory;
    const env = this.context.env;
    let resolver;
    try {
      resolver = await factory(config, env, this.context.fetch);
    } catch (err) {
      throw credentialError(err, config, env);
    }
    this.cache = new CredentialCache(resolver, this.now, (err) => credentialError(err, config, env));
    await this.cache.get();
    this.ready = true;
    this.context.log?.('debug', `sigv4: credentials resolved for ${config.service} in ${config.region}`);
  }

  async authenticate(request: OutgoingRequest, signal?: AbortSignal): Promise<AuthExplanation> {
    if (!this.ready) await this.initialize(signal);
    const config = this.config as SigV4Config;
    const cache = this.cache as CredentialCache;
    let delegateExplanation: AuthExplanation | undefined;
    if (this.delegate) {
      delete request.headers['original-authorization'];
      delegateExplanation = await this.delegate.authenticate(request, signal);
      // As Iceberg's Java client does: the delegate's Authorization moves aside and is covered by the signature.
      const auth = request.headers.authorization;
      if (auth !== undefined) {
        request.headers['original-authorization'] = auth;
        delete request.headers.authorization;
      }
    }
    const { identity, source } = cache.fresh() ?? (await cache.get());
    if (this.signer?.input.credentials !== identity) {
      // Credentials from a profile, SSO or STS are not the connection's secrets: say they are, so that a server that
      // echoes the session token (botocore and API Gateway quote the canonical request) does not put it on screen.
      this.context.secret?.(identity.secretAccessKey);
      if (identity.sessionToken) this.context.secret?.(identity.sessionToken);
      this.signer = new RequestSigner({
        credentials: identity,
        region: config.region,
        service: config.service,
        payloadHashHeader: this.options.payloadHashHeader,
      });
    }
    const signed = await this.signer.sign(request, this.now());
    return new SigV4Explanation({
      signed,
      region: config.region,
      service: config.service,
      accessKeyId: identity.accessKeyId,
      source,
      sessionToken: Boolean(identity.sessionToken),
      delegate: delegateExplanation,
    });
  }

  /** API Gateway and AWS services say why they refused a signature; the server's canonical request, when quoted, is compared with ours. */
  explainRejection(refused: RefusedRequest, ours: AuthExplanation | undefined): RejectionExplanation | undefined {
    return explainSigV4Rejection(refused, ours);
  }

  async refresh(signal?: AbortSignal): Promise<boolean> {
    await this.initialize(signal);
    const delegateRefreshed = this.delegate?.refresh ? await this.delegate.refresh(signal) : false;
    // Credentials that the provider can re-resolve (profiles, roles, SSO) may have been rotated; static keys cannot change.
    if (this.config?.credentials === 'static') return delegateRefreshed;
    await this.cache?.get(true);
    return true;
  }

  signOut(): void {
    this.cache?.clear();
    this.signer = undefined;
    this.delegate?.signOut?.();
  }

  dispose(): void {
    this.delegate?.dispose?.();
  }
}
