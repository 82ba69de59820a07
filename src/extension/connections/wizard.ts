// The Add/Edit Connection wizard on screen: each step of the plan (wizardPlan.ts) drawn as a quick pick or an input
// box. Text answers (the name, a preset's fields, the protocol's optional fields) go through one field step; auth
// settings are asked by their descriptor's kind, with the values their `choices` finds on this machine.
import * as vscode from 'vscode';
import { currentValue, isSecret } from '../../core/auth/descriptors';
import type { AuthProvider, AuthSettingDescriptor } from '../../core/auth/provider';
import type { Runtime } from '../../core/runtime';
import type { ConnectionStoreApi } from '../services';
import { askedFields, fieldProblem, type WizardField } from './fields';
import { ButtonPressed, type InputStep, type MultiStepInput, type StepButton } from './multiStepInput';
import { presetById, presets } from './presets';
import { planSettings, settingOptions, validateSetting } from './settingsPlan';
import {
  NETWORK_SETTINGS,
  networkSummary,
  offerDerivedSettings,
  planWizard,
  settingValue,
  type PlannedStep,
  type StepId,
  type WizardState,
} from './wizardPlan';

const BROWSE: StepButton = { id: 'browse', iconPath: new vscode.ThemeIcon('folder-opened'), tooltip: 'Browse…' };
const OTHER = '$(edit) Other…';
const CONTINUE = '$(check) Continue';

/** Where a step sits: its number and the current total, as the quick input shows them. */
interface Position {
  step: number;
  totalSteps: number;
}

/** Where a text field's answer is kept, and what the box starts with when there is none. */
interface Answer {
  get(): string;
  set(value: string): void;
  initial?: string;
}

/** A row of Edit Connection's form: one thing the connection has, and what it holds now. */
export interface FormRow {
  /** A step id, or `optional:field:<key>` / `optional:setting:<key>` / `optional:network:<key>` for an optional setting. */
  key: string;
  label: string;
  value: string;
  detail?: string;
}

/** The Network entry of the optional settings, as TLS failures in the editor name it. */
const NETWORK = 'Network';

/** Builds the steps of one run of the wizard over a shared state. */
export class ConnectionWizard {
  private readonly steps = new Map<StepId, InputStep>();
  /** Editing one field (Edit Connection's form): the steps the plan had before it; only steps it brings in follow. */
  private known: Set<StepId> | undefined;

  constructor(
    private readonly services: {
      readonly runtime: Pick<Runtime, 'registry'>;
      readonly connections: Pick<ConnectionStoreApi, 'list'>;
      readonly output: Pick<vscode.LogOutputChannel, 'warn'>;
    },
    readonly state: WizardState,
    private readonly verb: 'Add' | 'Edit',
  ) {}

  private get title(): string {
    return this.known ? `Edit "${this.state.name}"` : `${this.verb} Connection`;
  }

  private provider(): AuthProvider | undefined {
    return this.services.runtime.registry.get(this.state.authType);
  }

  /** The provider's descriptors, with a wrapped provider's (sigv4 `delegate`) expanded. */
  descriptors(): AuthSettingDescriptor[] {
    return this.services.runtime.registry.descriptors(this.state.authType, this.state.auth) ?? [];
  }

  private plan(): PlannedStep[] {
    return planWizard(this.state, this.descriptors(), this.provider()?.displayName ?? this.state.authType);
  }

  /** Every step of the flow as it stands, with what it holds now, for "Fix a Step…". */
  allSteps(): { label: string; detail: string; step: InputStep }[] {
    return this.plan().map((p) => ({ label: p.label, detail: p.value, step: this.step(p.id) }));
  }

  /**
   * Edit Connection's form: every answer the connection has, one row each, the optional settings spelled out (a
   * secret says only whether it is stored).
   */
  formRows(): FormRow[] {
    const rows: FormRow[] = this.plan()
      .filter((p) => p.id !== 'optional')
      .map((p) => ({ key: p.id, label: p.label, value: p.value }));
    const fields = askedFields(presetById(this.state.preset).protocol, 'optional');
    for (const f of fields) {
      rows.push({
        key: `optional:field:${f.key}`,
        label: f.label,
        value: this.state.fields[f.key] || (f.default !== undefined ? `${f.default} (default)` : 'not set'),
        ...(f.description ? { detail: f.description } : {}),
      });
    }
    for (const d of planSettings(this.descriptors(), this.state.auth).optional) {
      rows.push({ key: `optional:setting:${d.key}`, label: d.label, value: settingValue(d, this.state), ...(d.description ? { detail: d.description } : {}) });
    }
    for (const d of NETWORK_SETTINGS) {
      const value = settingValue(d, { auth: this.state.network, storedSecrets: this.state.storedSecrets });
      rows.push({ key: `optional:network:${d.key}`, label: `${NETWORK}: ${d.label}`, value, ...(d.description ? { detail: d.description } : {}) });
    }
    return rows;
  }

  /**
   * The step that changes one row of the form. After it come only the steps the change brings in (another provider
   * asks its own settings; another catalog type its fields), never the rest of the wizard.
   */
  editOne(key: string): InputStep {
    this.known = new Set(this.plan().map((p) => p.id));
    const position = { step: 1, totalSteps: 1 };
    const optional = /^optional:(field|setting|network):(.*)$/.exec(key);
    if (!optional) return this.step(key as StepId);
    const [, what, name] = optional;
    return async (input) => {
      if (what === 'field') {
        const f = askedFields(presetById(this.state.preset).protocol, 'optional').find((x) => x.key === name);
        if (f && !(await this.askField(input, f, this.fieldAnswer(f.key), `${this.title}: ${f.label}`, position))) return this.editOne(key);
      } else if (what === 'network') {
        const d = NETWORK_SETTINGS.find((x) => x.key === name);
        if (d && !(await this.askSetting(input, d, position, this.state.network))) return this.editOne(key);
      } else {
        const d = planSettings(this.descriptors(), this.state.auth).optional.find((x) => x.key === name);
        if (d && !(await this.askSetting(input, d, position))) return this.editOne(key);
      }
      return this.brought();
    };
  }

  /** In a one-field edit: the first step the plan has now that it did not have before, if any. */
  private brought(): InputStep | undefined {
    const known = this.known!;
    const next = this.plan().find((p) => !known.has(p.id) && p.id !== 'optional');
    if (!next) return undefined;
    known.add(next.id);
    return this.step(next.id);
  }

  get presetStep(): InputStep {
    return this.step('preset');
  }

  /** The step of this id (one function per id, so that Back and "Fix a Step…" find the same one). */
  step(id: StepId): InputStep {
    let step = this.steps.get(id);
    if (!step) {
      step = this.build(id);
      this.steps.set(id, step);
    }
    return step;
  }

  private build(id: StepId): InputStep {
    if (id === 'preset') return (input) => this.askPreset(input);
    if (id === 'provider') return (input) => this.askProvider(input);
    if (id === 'optional') return (input) => this.askOptional(input);
    if (id === 'name') {
      const state = this.state;
      // The box starts with the preset's label, e.g. "AWS Glue (Iceberg)", until a name is given.
      const answer: Answer = {
        get: () => state.name,
        set: (v) => (state.name = v),
        get initial() {
          return presetById(state.preset).label;
        },
      };
      return this.fieldStep(id, () => this.nameField(), answer);
    }
    if (id.startsWith('field:')) {
      const key = id.slice('field:'.length);
      return this.fieldStep(id, () => presetById(this.state.preset).fields.find((f) => f.key === key), this.fieldAnswer(key));
    }
    const key = id.slice('setting:'.length);
    const step: InputStep = async (input) => {
      const d = planSettings(this.descriptors(), this.state.auth).steps.find((x) => x.key === key);
      if (!d) return this.next(id);
      return (await this.askSetting(input, d, this.position(id))) ? this.next(id) : step;
    };
    return step;
  }

  /** The number of a step in the plan as it is now, and the total. */
  private position(id: StepId): Position {
    if (this.known) return { step: 1, totalSteps: 1 };
    const plan = this.plan();
    const i = plan.findIndex((p) => p.id === id);
    return { step: i >= 0 ? i + 1 : plan.length, totalSteps: plan.length };
  }

  /** The step after `id` in the plan as the answers just given make it; nothing after the last. */
  private next(id: StepId): InputStep | undefined {
    if (this.known) return this.brought();
    const plan = this.plan();
    const i = plan.findIndex((p) => p.id === id);
    // A step the plan no longer has (its preset or provider changed): go on to the optional settings.
    const after = i >= 0 ? plan[i + 1] : plan[plan.length - 1];
    return after && this.step(after.id);
  }

  private fieldAnswer(key: string): Answer {
    return { get: () => this.state.fields[key] ?? '', set: (v) => (this.state.fields[key] = v) };
  }

  private nameField(): WizardField {
    const taken = new Set(
      this.services.connections
        .list()
        .filter((c) => c.id !== this.state.id)
        .map((c) => c.name.toLowerCase()),
    );
    return {
      key: 'name',
      label: 'Name',
      prompt: 'A name for the connection, as shown in the Catalogs view',
      required: true,
      trim: true,
      validate: (v) =>
        !v
          ? 'Enter a name, e.g. "Analytics (prod)".'
          : taken.has(v.toLowerCase())
            ? `A connection named "${v}" exists already; choose another name.`
            : undefined,
    };
  }

  /** The one step for a text answer: asks `field` (looked up when the step runs) and goes on to the next step. */
  private fieldStep(id: StepId, field: () => WizardField | undefined, answer: Answer): InputStep {
    const step: InputStep = async (input) => {
      const f = field();
      if (!f) return this.next(id);
      return (await this.askField(input, f, answer, this.title, this.position(id))) ? this.next(id) : step;
    };
    return step;
  }

  /** Asks one text field in an input box; false when the step should be shown again. */
  private async askField(input: MultiStepInput, field: WizardField, answer: Answer, title: string, position: Position): Promise<boolean> {
    const value = await input.showInputBox({
      title,
      ...position,
      value: answer.get() || field.default || answer.initial || '',
      prompt: field.prompt,
      placeholder: field.placeholder,
      validate: (v) => fieldProblem(field, v),
      warn: field.warn,
    });
    if (value instanceof ButtonPressed) return false;
    answer.set(field.trim ? value.trim() : value);
    return true;
  }

  private async askPreset(input: MultiStepInput): Promise<InputStep | undefined> {
    const items = presets().map((p) => ({ label: p.label, description: p.description, id: p.id }));
    const picked = await input.showQuickPick({
      title: this.title,
      ...this.position('preset'),
      placeholder: 'What kind of catalog?',
      items,
      activeItem: items.find((i) => i.id === this.state.preset),
    });
    if (picked instanceof ButtonPressed) return this.step('preset');
    if (picked.id !== this.state.preset) {
      const preset = presetById(picked.id);
      this.state.preset = preset.id;
      // A new preset brings its own provider; answers of the old one would not fit.
      if (!this.state.id || this.state.authType !== preset.auth) {
        this.state.authType = preset.auth;
        this.state.auth = {};
      }
    }
    return this.next('preset');
  }

  private async askProvider(input: MultiStepInput): Promise<InputStep | undefined> {
    const items = this.services.runtime.registry.all().map((p) => ({ label: p.displayName, description: p.name, detail: p.description, name: p.name }));
    const picked = await input.showQuickPick({
      title: this.title,
      ...this.position('provider'),
      placeholder: 'How does the catalog authenticate requests?',
      items,
      activeItem: items.find((i) => i.name === this.state.authType),
      matchOnDescription: true,
    });
    if (picked instanceof ButtonPressed) return this.step('provider');
    if (picked.name !== this.state.authType) {
      this.state.authType = picked.name;
      this.state.auth = {};
      this.state.storedSecrets = new Set();
    }
    offerDerivedSettings(this.state, this.descriptors());
    return this.next('provider');
  }

  private async askOptional(input: MultiStepInput): Promise<InputStep | undefined> {
    const fields = askedFields(presetById(this.state.preset).protocol, 'optional');
    const plan = planSettings(this.descriptors(), this.state.auth);
    const items = [
      { key: '#continue', label: CONTINUE, description: 'Test the connection and save it', detail: undefined as string | undefined },
      ...fields.map((f) => ({
        key: `field:${f.key}`,
        label: f.label,
        description: this.state.fields[f.key] || (f.default !== undefined ? `${f.default} (default)` : 'not set'),
        detail: f.description,
      })),
      ...plan.optional.map((d) => ({ key: `setting:${d.key}`, label: d.label, description: settingValue(d, this.state), detail: d.description })),
      { key: '#network', label: NETWORK, description: networkSummary(this.state), detail: 'CA bundle, client certificate (mutual TLS), insecure TLS' },
    ];
    const position = this.position('optional');
    const picked = await input.showQuickPick({
      title: `${this.title}: optional settings`,
      ...position,
      placeholder: 'Change an optional setting, or continue',
      items,
      activeItem: items[0],
    });
    if (picked instanceof ButtonPressed || picked.key === '#continue') return undefined;
    const field = fields.find((f) => `field:${f.key}` === picked.key);
    if (field) await this.askField(input, field, this.fieldAnswer(field.key), `${this.title}: ${field.label}`, position);
    const d = plan.optional.find((x) => `setting:${x.key}` === picked.key);
    if (d) await this.askSetting(input, d, position);
    if (picked.key === '#network') await this.askNetwork(input, position);
    return this.step('optional');
  }

  /**
   * Network (from the optional settings): the CA bundle, the client certificate and key (and its passphrase),
   * insecure TLS. Until Done, each change comes back here.
   */
  private async askNetwork(input: MultiStepInput, position: Position): Promise<void> {
    const answers = this.state.network;
    for (;;) {
      const items = [
        {
          key: '#done',
          label: 'Done',
          description: networkSummary(this.state),
          detail: "Without settings here: this machine's trust store (VS Code's http.systemCertificates) and VS Code's proxy settings" as string | undefined,
        },
        ...NETWORK_SETTINGS.map((d) => ({
          key: d.key,
          label: d.label,
          description: settingValue(d, { auth: answers, storedSecrets: this.state.storedSecrets }),
          detail: d.description,
        })),
      ];
      const picked = await input.showQuickPick({
        title: `${this.title}: ${NETWORK}`,
        ...position,
        placeholder: 'TLS for this connection: change a setting, or Done',
        items,
        activeItem: items[0],
      });
      if (picked instanceof ButtonPressed || picked.key === '#done') return;
      const d = NETWORK_SETTINGS.find((x) => x.key === picked.key);
      if (d) await this.askSetting(input, d, position, answers);
    }
  }

  /** Asks one setting by its kind; false when a button (e.g. Browse…) asked to show the step again. */
  private async askSetting(
    input: MultiStepInput,
    d: AuthSettingDescriptor,
    position: Position,
    answers: Record<string, string> = this.state.auth,
  ): Promise<boolean> {
    const title = `${this.title}: ${d.label}`;
    const current = currentValue(d, answers);
    const prompt = `${d.description ?? d.label}${d.required ? '' : ' (optional: press Enter to skip)'}`;
    const options =
      d.kind === 'boolean'
        ? [
            { value: 'true', label: 'Yes' },
            { value: 'false', label: 'No' },
          ]
        : await settingOptions(d, this.choicesContext(), (m) => this.services.output.warn(m));
    if (d.kind === 'enum' || d.kind === 'boolean' || options.length > 0) {
      const items = options.map((o) => ({ label: o.label, description: o.description, value: o.value as string | undefined }));
      const choice = d.kind === 'enum' || d.kind === 'boolean';
      // Values only suggested (sigv4 `delegate`, the AWS profiles found on this machine) leave typing another.
      if (!choice) items.push({ label: OTHER, description: undefined, value: undefined });
      // Enter in a pick takes the highlighted item: only a choice that starts on its current value can be "skipped".
      const placeholder = choice ? prompt : (d.description ?? d.label);
      // Nothing set yet: the first value is highlighted, not "Other…".
      const activeItem = current === undefined ? items[0] : items.find((i) => i.value === current);
      const picked = await input.showQuickPick({ title, ...position, placeholder, items, activeItem });
      if (picked instanceof ButtonPressed) return false;
      if (picked.value === undefined) return this.askText(input, d, position, title, prompt, answers);
      answers[d.key] = picked.value;
      return true;
    }
    return this.askText(input, d, position, title, prompt, answers);
  }

  /** What a setting's `choices` is told: the environment, and the non-secret answers so far. */
  private choicesContext(): { env: Readonly<Record<string, string | undefined>>; settings: Record<string, string> } {
    const secret = new Set(
      this.descriptors()
        .filter(isSecret)
        .map((d) => d.key),
    );
    return { env: process.env, settings: Object.fromEntries(Object.entries(this.state.auth).filter(([k]) => !secret.has(k))) };
  }

  private async askText(
    input: MultiStepInput,
    d: AuthSettingDescriptor,
    position: Position,
    title: string,
    prompt: string,
    answers: Record<string, string>,
  ): Promise<boolean> {
    const secret = isSecret(d);
    const stored = secret && this.state.storedSecrets.has(d.key) && !answers[d.key];
    const value = await input.showInputBox({
      title,
      ...position,
      // A secret is never put back into a box; an entered one stays only while the wizard runs.
      value: secret ? (answers[d.key] ?? '') : (answers[d.key] ?? d.default ?? ''),
      prompt: stored
        ? `${d.label}: unchanged (stored in the secret store). Type a new value to replace it.`
        : `${prompt}${secret ? ' — kept in the OS secret store, never in settings' : ''}`,
      placeholder: stored ? 'unchanged' : d.placeholder,
      password: secret,
      buttons: d.kind === 'file' ? [BROWSE] : undefined,
      validate: (v) => validateSetting(d, v, { hasStoredSecret: stored }),
    });
    if (value instanceof ButtonPressed) {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, title: d.label, openLabel: 'Use this file' });
      if (picked?.[0]) answers[d.key] = picked[0].fsPath;
      return false;
    }
    const v = d.kind === 'json' ? value.trim() : value;
    if (v.trim() === '') delete answers[d.key];
    else answers[d.key] = secret ? v : v.trim();
    return true;
  }
}
