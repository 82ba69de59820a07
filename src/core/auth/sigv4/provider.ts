import type { AuthContext, AuthSession } from '../../authContract';
import { DELEGATE_KEY, unprefixed } from '../descriptors';
import type { AuthProvider, AuthSettingDescriptor } from '../provider';
import type { AuthProviderRegistry } from '../registry';
import { SIGV4_SETTINGS } from './settings';
import type { SigV4Options } from './session';

/** What the credential source of these settings takes from the user's machine (static keys take nothing). */
function awsCredentialsFrom(settings: Readonly<Record<string, string | undefined>>): string | undefined {
  switch (settings['credentials'] || 'default') {
    case 'static':
      return undefined;
    case 'profile':
      return `your AWS credentials (profile ${settings['profile'] || 'default'})`;
    case 'env':
      return 'your AWS credentials (from the environment)';
    case 'assume-role':
      return `your AWS credentials (to assume ${settings['roleArn'] || 'a role'})`;
    default:
      return 'your AWS credentials (default chain)';
  }
}

/** What the wrapped provider (`delegate`) would take from the user's machine; an unknown one is assumed to take some. */
function wrappedCredentials(registry: AuthProviderRegistry, settings: Readonly<Record<string, string | undefined>>): string | undefined {
  const name = settings[DELEGATE_KEY];
  if (!name || name === 'none') return undefined;
  const wrapped = registry.get(name);
  if (!wrapped?.ambientCredentials) return `the credentials of the "${name}" provider`;
  return wrapped.ambientCredentials(unprefixed(settings));
}

/** Providers that cannot be wrapped: they set no Authorization, or are SigV4 itself. */
const NOT_DELEGATES = new Set(['sigv4', 'none', 'headers', 'api-key']);

/** The `sigv4` auth provider. Registers nothing: the caller adds it to `registry`, which also supplies delegates. */
export function sigv4Provider(registry: AuthProviderRegistry, options: SigV4Options = {}): AuthProvider {
  return {
    name: 'sigv4',
    displayName: 'AWS Signature V4',
    description: 'Signs every request with AWS SigV4 (API Gateway, S3 Tables, Glue), optionally wrapping a bearer or OAuth2 token.',
    // A getter, so that the delegate choices include providers registered later by other extensions.
    get settings(): readonly AuthSettingDescriptor[] {
      const others = registry
        .all()
        .filter((p) => !NOT_DELEGATES.has(p.name))
        .map((p) => ({ value: p.name, label: p.displayName }));
      return SIGV4_SETTINGS.map((d) => {
        if (d.key !== 'delegate') return d;
        const options = [{ value: 'none', label: 'None' }, ...(d.options ?? []).filter((o) => o.value !== 'none')];
        for (const o of others) if (!options.some((x) => x.value === o.value)) options.push(o);
        return { ...d, kind: 'enum', options };
      });
    },
    create(settings: Readonly<Record<string, string | undefined>>, context: AuthContext): AuthSession {
      // On demand (scripts/onDemand.mjs): signing loads with the first SigV4 connection, not at activation.
      const { SigV4Session } = require('./session') as typeof import('./session');
      return new SigV4Session(settings, context, registry, options);
    },
    ambientCredentials(settings) {
      return [awsCredentialsFrom(settings), wrappedCredentials(registry, settings)].filter(Boolean).join(' and ') || undefined;
    },
  };
}
