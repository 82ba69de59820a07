// The published API types (api/namespace-browser.d.ts) are what activate() returns and what the core implements:
// `npm run typecheck` fails on the lines below the moment either side changes without the other.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type * as Published from '../../api/namespace-browser';
import type * as Provider from '../../src/core/auth/provider';
import type * as Contract from '../../src/core/authContract';
import type { CatalogErrorKind } from '../../src/core/errors';
import type { NamespaceBrowserApi } from '../../src/extension/api';
import type { activate } from '../../src/extension/extension';

/** True only when A and B are the same type (not merely assignable one way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** The members of T as one object type, so that an interface and an intersection with the same members compare equal. */
type Members<T> = { [K in keyof T]: T[K] };

/**
 * Version 1 only grows, so the published explanation keeps `sigv4`, deprecated and ignored: the core's no longer has
 * it (a session explains its refusals instead). These are the published types with that one member left out.
 */
type Explanation = Omit<Published.AuthExplanation, 'sigv4'>;
type Session = Members<
  Omit<Published.AuthSession, 'authenticate' | 'explainRejection'> & {
    authenticate(request: Published.OutgoingRequest, signal?: AbortSignal): Promise<Explanation | undefined>;
    explainRejection?(refused: Published.RefusedRequest, ours: Explanation | undefined): Published.RejectionExplanation | undefined;
  }
>;
type Provider = Members<
  Omit<Published.AuthProvider, 'create'> & { create(settings: Readonly<Record<string, string | undefined>>, context: Published.AuthContext): Session }
>;
type Api = Members<Omit<Published.NamespaceBrowserApi, 'registerAuthProvider'> & { registerAuthProvider(provider: Provider): Published.Disposable }>;

// Each line is a compile-time check; a mismatch is a type error in `npm run typecheck`.
const same: {
  api: Equal<Api, Members<NamespaceBrowserApi>>;
  activate: Equal<Members<ReturnType<typeof activate>>, Api>;
  provider: Equal<Provider, Members<Provider.AuthProvider>>;
  session: Equal<Session, Members<Contract.AuthSession>>;
  context: Equal<Published.AuthContext, Contract.AuthContext>;
  explanation: Equal<Members<Explanation>, Members<Contract.AuthExplanation>>;
  descriptor: Equal<Published.AuthSettingDescriptor, Provider.AuthSettingDescriptor>;
  option: Equal<Published.SettingOption, Provider.SettingOption>;
  choicesContext: Equal<Published.SettingChoicesContext, Provider.SettingChoicesContext>;
  request: Equal<Published.OutgoingRequest, Contract.OutgoingRequest>;
  refused: Equal<Published.RefusedRequest, Contract.RefusedRequest>;
  rejection: Equal<Published.RejectionExplanation, Contract.RejectionExplanation>;
  compared: Equal<Published.ComparedTexts, Contract.ComparedTexts>;
  errorKind: Equal<Published.CatalogErrorKind, CatalogErrorKind>;
} = {
  api: true,
  activate: true,
  provider: true,
  session: true,
  context: true,
  explanation: true,
  descriptor: true,
  option: true,
  choicesContext: true,
  request: true,
  refused: true,
  rejection: true,
  compared: true,
  errorKind: true,
};

// What a provider written against the first release gives is still accepted: the deprecated member included.
const firstRelease: Published.AuthExplanation = { provider: 'x', summary: 'x', sigv4: undefined };
const accepted: Contract.AuthExplanation = firstRelease;
void accepted;

test('the published .d.ts is the API activate() returns, with the compatibility policy of its apiVersion', () => {
  assert.ok(Object.values(same).every((v) => v === true));
  const text = readFileSync(path.join(__dirname, '../../api/namespace-browser.d.ts'), 'utf8');
  assert.match(text, /readonly apiVersion: 1;/);
  assert.match(text, /Compatibility policy\./);
  // The d.ts stands alone: a provider author copies it (or takes it from the package) without our sources.
  assert.doesNotMatch(text, /^import /m);
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { types?: string };
  assert.equal(pkg.types, './api/namespace-browser.d.ts');
});
