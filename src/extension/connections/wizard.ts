// The Add/Edit Connection wizard: preset, name, endpoint, auth provider, then that provider's settings generated
// from its descriptors (see settingsSteps.ts for which ones and in what order).
import * as vscode from 'vscode';
import { applies, currentValue, isSecret, splitAnswers } from '../../core/auth/descriptors';
import type { AuthProvider, AuthSettingDescriptor } from '../../core/auth/provider';
import { DEFAULT_DELIMITER, type ConnectionConfig, type ConnectionSecrets } from '../../core/connection';
import { requireProtocol } from '../../core/protocols';
import type { Runtime } from '../../core/runtime';
import type { ConnectionStoreApi } from '../services';
import { readAwsProfiles } from './awsProfiles';
import { ButtonPressed, type InputStep, type MultiStepInput, type StepButton } from './multiStepInput';
import {
  AWS_ACCOUNT,
  BIGLAKE_WAREHOUSE,
  PRESETS,
  S3_TABLES_ARN,
  presetEndpoint,
  presetOf,
  settingsSteps,
  uriWarning,
  validateRegion,
  validateSetting,
  validateUri,
  type PresetId,
} from './settingsSteps';

/** Everything the wizard has been told so far. Secrets that are already stored are never loaded into it. */
export interface WizardState {
  /** Set when editing: the connection being changed. */
  id?: string;
  preset: PresetId;
  name: string;
  uri: string;
  delimiter: string;
  warehouse: string;
  /** Iceberg path prefix set by the user (empty: the server's). */
  prefix: string;
  /** Cloud preset answers. */
  region: string;
  arn: string;
  account: string;
  project: string;
  authType: string;
  /** Auth setting answers by key, secrets included (in memory only, until saved to SecretStorage). */
  auth: Record<string, string>;
  /** Secret settings that already have a stored value: left empty, they stay as they are. */
  storedSecrets: Set<string>;
  /** Connection fields the wizard does not ask about, kept on edit (timeouts, headers, CA file). */
  rest: Partial<ConnectionConfig>;
}

export function emptyState(): WizardState {
  return { preset: 'lance', name: '', uri: '', delimiter: '', warehouse: '', prefix: '', region: '', arn: '', account: '', project: '', authType: 'none', auth: {}, storedSecrets: new Set(), rest: {} };
}

/** The wizard's state for editing `c`, whose stored secret keys are `secretKeys`. */
export function stateFor(c: ConnectionConfig, secretKeys: string[]): WizardState {
  const { id, name, uri, delimiter, warehouse, prefix, auth, protocol: _p, ...rest } = c;
  const preset = presetOf(c);
  const s = { ...emptyState(), id, preset, name, uri, delimiter: delimiter ?? '', warehouse: warehouse ?? '', prefix: prefix ?? '', authType: auth.type, auth: { ...(auth.settings ?? {}) }, storedSecrets: new Set(secretKeys), rest };
  const m = /^https:\/\/(?:s3tables|glue)\.([a-z0-9-]+)\.amazonaws\.com/.exec(uri);
  if (m) s.region = m[1]!;
  if (preset === 's3tables') s.arn = warehouse ?? '';
  if (preset === 'glue') s.account = warehouse ?? '';
  if (preset === 'biglake') s.project = auth.settings?.['quotaProject'] ?? '';
  return s;
}

const BROWSE: StepButton = { id: 'browse', iconPath: new vscode.ThemeIcon('folder-opened'), tooltip: 'Browse…' };
const OTHER = '$(edit) Other…';
const CONTINUE = '$(check) Continue';

/** Builds the steps of one run of the wizard over a shared state. */
export class ConnectionWizard {
  constructor(
    private readonly services: { readonly runtime: Pick<Runtime, 'registry'>; readonly connections: Pick<ConnectionStoreApi, 'list'> },
    readonly state: WizardState,
    private readonly verb: 'Add' | 'Edit',
  ) {}

  private get title(): string {
    return `${this.verb} Connection`;
  }

  private provider(): AuthProvider | undefined {
    return this.services.runtime.registry.get(this.state.authType);
  }

  /** The provider's descriptors, with a wrapped provider's (sigv4 `delegate`) expanded. */
  descriptors(): AuthSettingDescriptor[] {
    return this.services.runtime.registry.descriptors(this.state.authType, this.state.auth) ?? [];
  }

  /** The steps between name and provider: the catalog's address, or a cloud preset's few answers. */
  private endpoint(): { label: string; step: InputStep }[] {
    switch (this.state.preset) {
      case 'lance':
        return [{ label: 'URI', step: this.uriStep }];
      case 'iceberg':
        return [{ label: 'URI', step: this.uriStep }, { label: 'Warehouse', step: this.warehouseStep }];
      case 's3tables':
        return [{ label: 'Region', step: this.regionStep }, { label: 'Table bucket ARN', step: this.arnStep }];
      case 'glue':
        return [{ label: 'Region', step: this.regionStep }, { label: 'Account ID', step: this.accountStep }];
      case 'biglake':
        return [{ label: 'Project', step: this.projectStep }, { label: 'Warehouse', step: this.bigLakeWarehouseStep }];
    }
  }

  private endpointSteps(): InputStep[] {
    return this.endpoint().map((e) => e.step);
  }

  /** Every step of the flow as it stands, with a label for "Fix a Step…". */
  allSteps(): { label: string; detail?: string; step: InputStep }[] {
    const endpoint = this.endpoint().map((e) => ({ label: e.label, detail: undefined as string | undefined, step: e.step }));
    const plan = settingsSteps(this.descriptors(), this.state.auth);
    return [
      { label: 'Catalog type', detail: PRESETS.find((p) => p.id === this.state.preset)?.label, step: this.presetStep },
      { label: 'Name', detail: this.state.name, step: this.nameStep },
      ...endpoint,
      { label: 'Authentication', detail: this.provider()?.displayName ?? this.state.authType, step: this.providerStep },
      ...plan.steps.map((d, i) => ({ label: d.label, detail: isSecret(d) ? undefined : currentValue(d, this.state.auth), step: this.settingStep(i) })),
      { label: 'Optional settings', step: this.optionalStep },
    ];
  }

  private total(): number {
    return 3 + this.endpointSteps().length + settingsSteps(this.descriptors(), this.state.auth).steps.length + 1;
  }

  readonly presetStep: InputStep = async (input) => {
    const items = PRESETS.map((p) => ({ label: p.label, description: p.description, id: p.id }));
    const picked = await input.showQuickPick({
      title: this.title,
      step: 1,
      totalSteps: this.total(),
      placeholder: 'What kind of catalog?',
      items,
      activeItem: items.find((i) => i.id === this.state.preset),
    });
    if (picked instanceof ButtonPressed) return this.presetStep;
    if (picked.id !== this.state.preset) {
      const preset = PRESETS.find((p) => p.id === picked.id)!;
      this.state.preset = preset.id;
      // A new preset brings its own provider; answers of the old one would not fit.
      if (!this.state.id || this.state.authType !== preset.auth) {
        this.state.authType = preset.auth;
        this.state.auth = {};
      }
    }
    return this.nameStep;
  };

  readonly nameStep: InputStep = async (input) => {
    const taken = new Set(this.services.connections.list().filter((c) => c.id !== this.state.id).map((c) => c.name.toLowerCase()));
    const value = await input.showInputBox({
      title: this.title,
      step: 2,
      totalSteps: this.total(),
      value: this.state.name || PRESETS.find((p) => p.id === this.state.preset)!.label,
      prompt: 'A name for the connection, as shown in the Catalogs view',
      validate: (v) => (!v.trim() ? 'Enter a name, e.g. "Analytics (prod)".' : taken.has(v.trim().toLowerCase()) ? `A connection named "${v.trim()}" exists already; choose another name.` : undefined),
    });
    if (value instanceof ButtonPressed) return this.nameStep;
    this.state.name = value.trim();
    return this.endpointSteps()[0];
  };

  private next(after: InputStep): InputStep {
    const steps = this.endpointSteps();
    const i = steps.indexOf(after);
    return i >= 0 && i + 1 < steps.length ? steps[i + 1]! : this.providerStep;
  }

  private endpointStepNumber(step: InputStep): number {
    return 3 + Math.max(0, this.endpointSteps().indexOf(step));
  }

  private async text(input: MultiStepInput, step: InputStep, o: { value: string; prompt: string; placeholder?: string; validate: (v: string) => string | undefined; warn?: (v: string) => string | undefined }): Promise<string | undefined> {
    const value = await input.showInputBox({ title: this.title, step: this.endpointStepNumber(step), totalSteps: this.total(), ...o });
    return value instanceof ButtonPressed ? undefined : value.trim();
  }

  readonly uriStep: InputStep = async (input) => {
    const lance = this.state.preset === 'lance';
    const v = await this.text(input, this.uriStep, {
      value: this.state.uri,
      prompt: lance ? 'The Lance REST Namespace server URL' : 'The Iceberg REST catalog URL (the prefix before /v1/config)',
      placeholder: lance ? 'http://127.0.0.1:2333' : 'https://catalog.example.com/iceberg',
      validate: validateUri,
      warn: uriWarning,
    });
    if (v === undefined) return this.uriStep;
    this.state.uri = v;
    return this.next(this.uriStep);
  };

  readonly warehouseStep: InputStep = async (input) => {
    const v = await this.text(input, this.warehouseStep, {
      value: this.state.warehouse,
      prompt: 'Warehouse (optional: press Enter to let the catalog choose its default)',
      placeholder: 's3://bucket/warehouse or a catalog name',
      validate: () => undefined,
    });
    if (v === undefined) return this.warehouseStep;
    this.state.warehouse = v;
    return this.next(this.warehouseStep);
  };

  readonly regionStep: InputStep = async (input) => {
    const v = await this.text(input, this.regionStep, { value: this.state.region, prompt: 'AWS region of the catalog', placeholder: 'us-east-1', validate: validateRegion });
    if (v === undefined) return this.regionStep;
    this.state.region = v;
    return this.next(this.regionStep);
  };

  readonly arnStep: InputStep = async (input) => {
    const v = await this.text(input, this.arnStep, {
      value: this.state.arn,
      prompt: 'Table bucket ARN (used as the warehouse)',
      placeholder: 'arn:aws:s3tables:us-east-1:123456789012:bucket/my-table-bucket',
      validate: (x) => (S3_TABLES_ARN.test(x.trim()) ? undefined : 'Enter the table bucket ARN: arn:aws:s3tables:REGION:ACCOUNT:bucket/NAME (S3 console → Table buckets → Copy ARN).'),
    });
    if (v === undefined) return this.arnStep;
    this.state.arn = v;
    return this.next(this.arnStep);
  };

  readonly accountStep: InputStep = async (input) => {
    const v = await this.text(input, this.accountStep, {
      value: this.state.account,
      prompt: 'AWS account ID of the Glue Data Catalog (used as the warehouse)',
      placeholder: '123456789012',
      validate: (x) => (AWS_ACCOUNT.test(x.trim()) ? undefined : 'Enter the 12-digit AWS account ID (aws sts get-caller-identity shows it).'),
    });
    if (v === undefined) return this.accountStep;
    this.state.account = v;
    return this.next(this.accountStep);
  };

  readonly projectStep: InputStep = async (input) => {
    const v = await this.text(input, this.projectStep, {
      value: this.state.project,
      prompt: 'Google Cloud project ID (billed for the requests: sent as the quota project)',
      placeholder: 'my-project',
      validate: (x) => (/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(x.trim()) ? undefined : 'Enter a project ID (6-30 lowercase letters, digits, hyphens), not the project name or number.'),
    });
    if (v === undefined) return this.projectStep;
    this.state.project = v;
    return this.next(this.projectStep);
  };

  readonly bigLakeWarehouseStep: InputStep = async (input) => {
    const v = await this.text(input, this.bigLakeWarehouseStep, {
      value: this.state.warehouse,
      prompt: 'Warehouse: a bucket (gs://bucket) or a BigLake catalog (bl://projects/PROJECT/catalogs/CATALOG)',
      placeholder: 'gs://my-bucket',
      validate: (x) => (BIGLAKE_WAREHOUSE.test(x.trim()) ? undefined : 'Use gs://BUCKET or bl://projects/PROJECT/catalogs/CATALOG.'),
    });
    if (v === undefined) return this.bigLakeWarehouseStep;
    this.state.warehouse = v;
    return this.next(this.bigLakeWarehouseStep);
  };

  readonly providerStep: InputStep = async (input) => {
    const items = this.services.runtime.registry.all().map((p) => ({ label: p.displayName, description: p.name, detail: p.description, name: p.name }));
    const picked = await input.showQuickPick({
      title: this.title,
      step: 3 + this.endpointSteps().length,
      totalSteps: this.total(),
      placeholder: 'How does the catalog authenticate requests?',
      items,
      activeItem: items.find((i) => i.name === this.state.authType),
      matchOnDescription: true,
    });
    if (picked instanceof ButtonPressed) return this.providerStep;
    if (picked.name !== this.state.authType) {
      this.state.authType = picked.name;
      this.state.auth = {};
      this.state.storedSecrets = new Set();
    }
    // Cloud presets know some settings already (region and signing name, quota project): offer them as answers.
    const derived = presetEndpoint(this.state.preset, this.state);
    if (derived) {
      const keys = new Set(this.descriptors().map((d) => d.key));
      for (const [k, v] of Object.entries(derived.auth)) if (keys.has(k) && v && !this.state.auth[k]) this.state.auth[k] = v;
    }
    return this.settingStep(0);
  };

  /** The step asking the i-th setting of the plan as it is when the step runs (answers change the plan). */
  settingStep(i: number): InputStep {
    const step: InputStep = async (input) => {
      const plan = settingsSteps(this.descriptors(), this.state.auth);
      const d = plan.steps[i];
      if (!d) return this.optionalStep;
      const number = 4 + this.endpointSteps().length + i;
      const done = await this.askSetting(input, d, number);
      return done ? this.settingStep(i + 1) : step;
    };
    return step;
  }

  readonly optionalStep: InputStep = async (input) => {
    const descriptors = this.descriptors();
    const plan = settingsSteps(descriptors, this.state.auth);
    const extra: { label: string; key: string; description?: string; detail?: string }[] = [];
    if (this.state.preset === 'lance') extra.push({ key: '#delimiter', label: 'Identifier delimiter', description: this.state.delimiter || `${DEFAULT_DELIMITER} (default)`, detail: 'The character that joins namespace levels in Lance identifiers.' });
    else extra.push({ key: '#prefix', label: 'Catalog prefix', description: this.state.prefix || "the server's (from /v1/config)", detail: 'The path prefix after /v1/, e.g. a Nessie branch (main, dev). The server\'s defaults give way to it; its overrides win.' });
    const items = [
      { key: '#continue', label: CONTINUE, description: 'Test the connection and save it' },
      ...extra,
      ...plan.optional.map((d) => ({ key: d.key, label: d.label, description: currentValue(d, this.state.auth) ?? 'not set', detail: d.description })),
    ];
    const picked = await input.showQuickPick({ title: `${this.title}: optional settings`, step: this.total(), totalSteps: this.total(), placeholder: 'Change an optional setting, or continue', items, activeItem: items[0] });
    if (picked instanceof ButtonPressed || picked.key === '#continue') return;
    if (picked.key === '#delimiter') {
      const v = await input.showInputBox({
        title: `${this.title}: identifier delimiter`,
        step: this.total(),
        totalSteps: this.total(),
        value: this.state.delimiter || DEFAULT_DELIMITER,
        prompt: 'The delimiter of Lance identifiers (the server decides; the reference server uses $)',
        validate: (x) => (x.length === 0 ? 'Enter at least one character, e.g. $ or .' : undefined),
      });
      if (typeof v === 'string') this.state.delimiter = v === DEFAULT_DELIMITER ? '' : v;
      return this.optionalStep;
    }
    if (picked.key === '#prefix') {
      const v = await input.showInputBox({
        title: `${this.title}: catalog prefix`,
        step: this.total(),
        totalSteps: this.total(),
        value: this.state.prefix,
        prompt: "The catalog prefix, e.g. a Nessie branch (optional: leave empty to use the server's)",
        placeholder: 'main',
        validate: (x) => (x.trim() !== '' && x.trim().replace(/^\/+|\/+$/g, '') === '' ? 'A prefix cannot be only slashes; leave it empty for the server\'s.' : undefined),
      });
      if (typeof v === 'string') this.state.prefix = v.trim();
      return this.optionalStep;
    }
    const d = descriptors.find((x) => x.key === picked.key)!;
    await this.askSetting(input, d, this.total());
    return this.optionalStep;
  };

  /** Asks one setting by its kind; false when a button (e.g. Browse…) asked to show the step again. */
  private async askSetting(input: MultiStepInput, d: AuthSettingDescriptor, step: number): Promise<boolean> {
    const title = `${this.title}: ${d.label}`;
    const totalSteps = Math.max(step, this.total());
    const current = currentValue(d, this.state.auth);
    const optionalNote = d.required ? '' : ' (optional: press Enter to skip)';
    const prompt = `${d.description ?? d.label}${optionalNote}`;

    if (d.kind === 'enum' || d.kind === 'boolean' || d.options?.length) {
      const options = d.kind === 'boolean' ? [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }] : (d.options ?? []);
      const items = options.map((o) => ({ label: o.label, description: 'description' in o ? o.description : undefined, value: o.value as string | undefined }));
      // Free-text settings that merely suggest values (sigv4 `delegate`) also take a typed value.
      if (d.kind !== 'enum' && d.kind !== 'boolean') items.push({ label: OTHER, description: undefined, value: undefined });
      const picked = await input.showQuickPick({ title, step, totalSteps, placeholder: prompt, items, activeItem: items.find((i) => i.value === current) });
      if (picked instanceof ButtonPressed) return false;
      if (picked.value === undefined) return this.askText(input, d, step, title, prompt);
      this.state.auth[d.key] = picked.value;
      return true;
    }

    if (this.state.authType === 'sigv4' && d.key === 'profile') {
      const profiles = await readAwsProfiles();
      if (profiles.length > 0) {
        const items = [...profiles.map((p) => ({ label: p, value: p as string | undefined })), { label: OTHER, value: undefined }];
        const picked = await input.showQuickPick({ title, step, totalSteps, placeholder: 'A profile from your AWS config and credentials files', items, activeItem: items.find((i) => i.value === current) });
        if (picked instanceof ButtonPressed) return false;
        if (picked.value === undefined) return this.askText(input, d, step, title, 'The profile name (as in ~/.aws/config)');
        this.state.auth[d.key] = picked.value;
        return true;
      }
    }
    return this.askText(input, d, step, title, prompt);
  }

  private async askText(input: MultiStepInput, d: AuthSettingDescriptor, step: number, title: string, prompt: string): Promise<boolean> {
    const secret = isSecret(d);
    const stored = secret && this.state.storedSecrets.has(d.key) && !this.state.auth[d.key];
    const value = await input.showInputBox({
      title,
      step,
      totalSteps: Math.max(step, this.total()),
      // A secret is never put back into a box; an entered one stays only while the wizard runs.
      value: secret ? (this.state.auth[d.key] ?? '') : (this.state.auth[d.key] ?? d.default ?? ''),
      prompt: stored ? `${d.label}: unchanged (stored in the secret store). Type a new value to replace it.` : `${prompt}${secret ? ' — kept in the OS secret store, never in settings' : ''}`,
      placeholder: stored ? 'unchanged' : d.placeholder,
      password: secret,
      buttons: d.kind === 'file' ? [BROWSE] : undefined,
      validate: (v) => validateSetting(d, v, { hasStoredSecret: stored }),
    });
    if (value instanceof ButtonPressed) {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, title: d.label, openLabel: 'Use this file' });
      if (picked?.[0]) this.state.auth[d.key] = picked[0].fsPath;
      return false;
    }
    const v = d.kind === 'json' ? value.trim() : value;
    if (v === '' && stored) delete this.state.auth[d.key];
    else if (v.trim() === '') delete this.state.auth[d.key];
    else this.state.auth[d.key] = secret ? v : v.trim();
    return true;
  }
}

/**
 * The connection and secrets the answers describe. `stored` are the connection's current secrets (on edit): those
 * the user left "unchanged" are kept when their setting still applies.
 */
export function buildConnection(state: WizardState, descriptors: AuthSettingDescriptor[], id: string, stored: ConnectionSecrets): { config: ConnectionConfig; secrets: ConnectionSecrets } {
  const derived = presetEndpoint(state.preset, state);
  const preset = PRESETS.find((p) => p.id === state.preset)!;
  const { settings, secrets } = splitAnswers(descriptors, state.auth);
  for (const d of descriptors) {
    if (isSecret(d) && !secrets[d.key] && stored[d.key] && state.storedSecrets.has(d.key) && applies(d, descriptors, state.auth)) secrets[d.key] = stored[d.key]!;
  }
  const config: ConnectionConfig = {
    ...state.rest,
    id,
    name: state.name,
    protocol: preset.protocol,
    uri: derived?.uri ?? state.uri,
    auth: { type: state.authType, settings },
  };
  // Only the fields the protocol reads: a field of another protocol would be an error when the connection is read.
  const reads = new Set(requireProtocol(preset.protocol).fields.map((f) => f.key));
  const warehouse = derived?.warehouse ?? state.warehouse;
  if (reads.has('delimiter') && state.delimiter) config.delimiter = state.delimiter;
  if (reads.has('warehouse') && warehouse) config.warehouse = warehouse;
  if (reads.has('prefix') && state.prefix) config.prefix = state.prefix;
  return { config, secrets };
}
