import type { AuthProvider } from '../provider';

/** `none`: no credentials (a local catalog, or one behind a network boundary). */
export function noneProvider(): AuthProvider {
  return {
    name: 'none',
    displayName: 'None',
    description: 'No authentication.',
    settings: [],
    ambientCredentials: () => undefined,
    create() {
      return {
        setsAuthorization: false,
        async initialize() {},
        async authenticate() {
          return undefined;
        },
      };
    },
  };
}
