// Why a connection does not open at all (before any request): shown as its row, with what to do about it.
import { CatalogError } from '../../core/errors';

/**
 * `invalid`: its entry in settings cannot be used as written. `restricted`: a workspace's connection in Restricted
 * Mode. `provider-missing`: its auth provider is not registered (yet). `not-allowed`: the user did not allow this
 * workspace's connection to use their credentials.
 */
export type BlockReason = 'invalid' | 'restricted' | 'provider-missing' | 'not-allowed';

/** A connection that was not opened, and why; a `config` error whose row offers the way out. */
export class ConnectionBlocked extends CatalogError {
  constructor(
    readonly reason: BlockReason,
    message: string,
    /** What the reason is about, e.g. the missing provider's name. */
    readonly subject?: string,
  ) {
    super('config', message);
  }
}
