// Section 2: what our SigV4 provider costs per request over @smithy/signature-v4 itself, and how often it resolves
// credentials.
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { AuthProviderRegistry } from '../src/core/auth/registry';
import { REFRESH_MARGIN_MS, type CredentialResolverFactory } from '../src/core/auth/sigv4/credentials';
import { sigv4Provider } from '../src/core/auth/sigv4/provider';
import type { OutgoingRequest } from '../src/core/authContract';
import type { Row } from './results';
import { fmtMs, judged, now, sideBySide, type Check } from './stats';

const credentials = {
  accessKeyId: 'AKIDEXAMPLEBENCH0001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'FwoGZXIvYXdzEBAaDBENCHSESSIONTOKEN',
};
const region = 'us-east-1';
const service = 'execute-api';
const body = new TextEncoder().encode(
  JSON.stringify({ id: ['sales', 'emea', 'orders'], load_detailed_metadata: true, with_table_uri: true, vend_credentials: false }),
);

/** A request as the transport builds it for DescribeTable behind API Gateway. */
function describeRequest(): OutgoingRequest {
  return {
    method: 'POST',
    url: new URL('https://abc123.execute-api.us-east-1.amazonaws.com/prod/v1/table/sales%24emea%24orders/describe?delimiter=%24'),
    headers: { accept: 'application/json', 'user-agent': 'namespace-browser/0.1', 'content-type': 'application/json' },
    body,
  };
}

function session(factory: CredentialResolverFactory, now: () => Date) {
  const registry = new AuthProviderRegistry();
  const provider = sigv4Provider(registry, { credentialResolverFactory: factory, now });
  registry.register(provider);
  return provider.create(
    { region, service, credentials: 'profile', profile: 'bench' },
    { catalogUri: new URL('https://abc123.execute-api.us-east-1.amazonaws.com/prod'), connectionId: 'bench', env: {} },
  );
}

export async function benchSigV4(runs: number, log: (s: string) => void): Promise<Row[]> {
  const N = 500;
  // A resolver that counts its calls; credentials valid for an hour, so every sign below must use the cache.
  let resolves = 0;
  const factory: CredentialResolverFactory = async () => async () => {
    resolves += 1;
    return { identity: { ...credentials, expiration: new Date(Date.now() + 3600_000) }, source: 'bench' };
  };
  const ours = session(factory, () => new Date());
  await ours.initialize();
  const signer = new SignatureV4({ credentials, region, service, sha256: Hash.bind(null, 'sha256'), uriEscapePath: true, applyChecksum: true });
  const check: Check = { a: 'ours', b: 'smithy', goal: { max: 1.2 } };
  const rounds = Math.max(runs * 3, 15);
  const r = await sideBySide(
    {
      ours: async () => {
        for (let i = 0; i < N; i++) await ours.authenticate(describeRequest());
      },
      smithy: async () => {
        for (let i = 0; i < N; i++) {
          const req = describeRequest();
          const url = req.url;
          await signer.sign(
            new HttpRequest({
              method: req.method,
              protocol: url.protocol,
              hostname: url.hostname,
              path: url.pathname,
              query: { delimiter: '$' },
              headers: { host: url.host, ...req.headers },
              body: req.body,
            }),
            { signingDate: new Date() },
          );
        }
      },
    },
    // Short rounds, many of them: the machine's load changes less within one round.
    rounds,
    { checks: [check], maxRuns: rounds * 3 },
  );
  const perOurs = r.ours!.median / N;
  const perSmithy = r.smithy!.median / N;
  const judgedRatio = judged(r, check);

  // The explanation (canonical request, string to sign, fields) is built when something reads it: what that costs.
  const explanations = [];
  for (let i = 0; i < N; i++) explanations.push(await ours.authenticate(describeRequest()));
  const started = now();
  for (const e of explanations) if (!JSON.stringify(e).includes('Canonical request')) throw new Error('the explanation has no canonical request');
  const perExplanation = (now() - started) / N;
  const signs = N * (r.ours!.runs.length + 1);
  log(`  sigv4: ours ${fmtMs(perOurs)}/request, smithy ${fmtMs(perSmithy)}/request; ${resolves} credential resolution(s) over ${signs} signs`);

  // Resolutions against a clock: credentials that live 15 minutes, a request every second for 2 hours.
  let expiring = 0;
  let clock = Date.UTC(2026, 0, 1);
  const lifetime = 15 * 60_000;
  const expiringFactory: CredentialResolverFactory = async () => async () => {
    expiring += 1;
    return { identity: { ...credentials, expiration: new Date(clock + lifetime) }, source: 'bench' };
  };
  const timed = session(expiringFactory, () => new Date(clock));
  const requests = 7200;
  for (let i = 0; i < requests; i++) {
    await timed.authenticate(describeRequest());
    clock += 1000;
  }
  const expected = Math.ceil((requests * 1000) / (lifetime - REFRESH_MARGIN_MS));
  log(`  sigv4: ${expiring} resolutions for ${requests} requests over 2 h with 15-minute credentials (expected ${expected})`);
  return [
    {
      section: '2 SigV4 per request',
      measure: "our provider's authenticate vs @smithy/signature-v4 sign (credentials cached)",
      value: `${fmtMs(perOurs)} vs ${fmtMs(perSmithy)} (${judgedRatio.spread})`,
      ratio: judgedRatio.ratio,
      goal: judgedRatio.goal,
      met: judgedRatio.met,
      verdict: judgedRatio.verdict,
      data: r,
    },
    {
      section: '2 SigV4 per request',
      measure: "building a request's explanation (redacted canonical request, string to sign), once the inspector or a 403 reads it",
      value: fmtMs(perExplanation),
    },
    {
      section: '2 SigV4 per request',
      measure: 'credential resolutions, credentials valid 1 h',
      value: `${resolves} for ${signs} signs`,
      goal: '1',
      met: resolves === 1,
    },
    {
      section: '2 SigV4 per request',
      measure: 'credential resolutions, 15-min credentials, 1 request/s for 2 h (refresh 5 min early)',
      value: `${expiring} for ${requests} signs (once per expiry: ${expected})`,
      goal: `${expected}`,
      met: expiring === expected,
    },
  ];
}
