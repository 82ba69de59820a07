// google-auth-library (with gaxios): its own chunk (dist/lazy/google.js), loaded by ./load.ts.
export * from 'google-auth-library';
