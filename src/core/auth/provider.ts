import type { AuthContext, AuthSession } from '../authContract';

/**
 * One setting of an auth provider, described so that the add-connection UI and the CLI can be generated from it.
 * A setting is secret when `kind` is `secret` or `secret` is true (the registry normalises both to `secret: true`).
 */
export interface AuthSettingDescriptor {
  /** Key in the connection's `auth` settings, e.g. `region`, `secretAccessKey`. */
  key: string;
  label: string;
  /** `string` free text; `secret` like string but kept in SecretStorage and shown in a password box;
   *  `enum` one of `options`; `boolean` "true"/"false"; `number`; `file` a path; `json` a JSON value (e.g. headers map). */
  kind: 'string' | 'secret' | 'enum' | 'boolean' | 'number' | 'file' | 'json';
  required?: boolean;
  default?: string;
  /** True for values that must never leave SecretStorage (or the environment for the CLI), whatever the kind. */
  secret?: boolean;
  description?: string;
  placeholder?: string;
  options?: SettingOption[];
  /**
   * Values this machine offers for the setting, looked up when the wizard asks it (sigv4: the profiles of the
   * user's AWS config files). The wizard lists them after `options` with a way to type another value; a failure,
   * a slow answer (5 s) or an empty list leaves the user typing.
   */
  choices?(context: SettingChoicesContext): readonly SettingOption[] | Promise<readonly SettingOption[]>;
  /** Only relevant when another setting has one of these values (e.g. `accessKeyId` when `credentials` = `static`). */
  when?: { key: string; equals: string[] };
  /** Environment variable the CLI reads this setting from when not given (e.g. `AWS_SECRET_ACCESS_KEY`). */
  env?: string;
}

/** One value a setting may take, as a pick offers it. */
export interface SettingOption {
  value: string;
  label: string;
  description?: string;
}

/** What `choices` of a setting descriptor is told. */
export interface SettingChoicesContext {
  /** The environment (the editor's, or the CLI's), e.g. to honour AWS_CONFIG_FILE. */
  env: Readonly<Record<string, string | undefined>>;
  /** The provider's non-secret settings answered so far, by key; secrets are never handed over. */
  settings: Readonly<Record<string, string | undefined>>;
}

/** An auth provider: described by its settings and creating one session per connection. */
export interface AuthProvider {
  /** Registry name, the value of `auth.type`, e.g. `sigv4`. */
  readonly name: string;
  readonly displayName: string;
  readonly description?: string;
  readonly settings: readonly AuthSettingDescriptor[];
  /** Create a session. `settings` holds non-secret and secret values by key (strings). */
  create(settings: Readonly<Record<string, string | undefined>>, context: AuthContext): AuthSession;
  /**
   * What a session with these (non-secret) settings would take from the user's machine rather than from the
   * connection itself, as words that complete "will send … to https://host", e.g. "your AWS credentials (default
   * chain)"; undefined when it uses only the connection's own settings and secrets. A connection from a
   * workspace's settings that would use such credentials asks the user first. A provider without this method is
   * taken to use ambient credentials.
   */
  ambientCredentials?(settings: Readonly<Record<string, string | undefined>>): string | undefined;
}
