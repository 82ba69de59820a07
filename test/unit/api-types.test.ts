// The published API types (api/namespace-browser.d.ts) are what activate() returns and what the core implements:
// `npm run typecheck` fails on the lines below the moment either side changes without the other.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type * as Published from '../../api/namespace-browser';
import type * as Core from '../../src/core/auth/provider';
import type { OutgoingRequest } from '../../src/core/transport/outgoing';
import type { NamespaceBrowserApi } from '../../src/extension/api';
import type { activate } from '../../src/extension/extension';

/** True only when A and B are the same type (not merely assignable one way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Each line is a compile-time check; a mismatch is a type error in `npm run typecheck`.
const same: {
  api: Equal<Published.NamespaceBrowserApi, NamespaceBrowserApi>;
  activate: Equal<ReturnType<typeof activate>, Published.NamespaceBrowserApi>;
  provider: Equal<Published.AuthProvider, Core.AuthProvider>;
  session: Equal<Published.AuthSession, Core.AuthSession>;
  context: Equal<Published.AuthContext, Core.AuthContext>;
  explanation: Equal<Published.AuthExplanation, Core.AuthExplanation>;
  descriptor: Equal<Published.AuthSettingDescriptor, Core.AuthSettingDescriptor>;
  request: Equal<Published.OutgoingRequest, OutgoingRequest>;
} = { api: true, activate: true, provider: true, session: true, context: true, explanation: true, descriptor: true, request: true };

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
