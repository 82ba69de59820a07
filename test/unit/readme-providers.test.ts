import { test } from 'node:test';
import assert from 'node:assert/strict';
import { providersMarkdown, readmeProvidersSection } from '../../scripts/readme-providers';

test("the provider reference (docs/auth-providers.md) matches the providers' own descriptors (run scripts/readme-providers.ts)", () => {
  assert.equal(readmeProvidersSection(), providersMarkdown());
});
