/**
 * The AWS SDK's HTTP handler interface (@smithy/types HttpHandler) on the connection's fetch: the STS and SSO
 * clients inside the SDK's credential providers then send through the connection's transport (its proxy, CA,
 * client certificate and timeouts) and every request they make is recorded (`sts.AssumeRole`, ...). Without it they
 * would use the SDK's own Node https handler, which knows none of that.
 */
import type { HttpHandler } from '@smithy/protocol-http';
import type { HttpRequest, HttpResponse } from '@smithy/types';

export function fetchRequestHandler(fetchImpl: typeof globalThis.fetch): HttpHandler<Record<string, never>> {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: HttpRequest, options?: { abortSignal?: unknown }): Promise<{ response: HttpResponse }> {
      const headers: Record<string, string> = {};
      // undici sets these itself from the URL and the body.
      for (const [k, v] of Object.entries(request.headers)) if (!/^(host|content-length)$/i.test(k)) headers[k] = v;
      const signal = options?.abortSignal instanceof AbortSignal ? options.abortSignal : undefined;
      const body =
        request.body === undefined || request.body === null
          ? undefined
          : typeof request.body === 'string' || request.body instanceof Uint8Array
            ? request.body
            : String(request.body);
      const res = await fetchImpl(urlOf(request), { method: request.method, headers, body: body as string | undefined, signal, redirect: 'manual' });
      const responseHeaders: Record<string, string> = {};
      res.headers.forEach((value, name) => (responseHeaders[name] = value));
      // The SDK's deserializers take a Uint8Array body as the whole answer.
      return { response: { statusCode: res.status, reason: res.statusText, headers: responseHeaders, body: new Uint8Array(await res.arrayBuffer()) } };
    },
    updateHttpClientConfig() {
      /* nothing to configure: the transport owns the pool */
    },
    httpHandlerConfigs() {
      return {};
    },
  } as HttpHandler<Record<string, never>>;
}

function urlOf(request: HttpRequest): string {
  const port = request.port ? `:${request.port}` : '';
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(request.query ?? {})) {
    for (const value of Array.isArray(v) ? v : [v]) pairs.push(value === null || value === undefined ? encode(k) : `${encode(k)}=${encode(value)}`);
  }
  const path = request.path.startsWith('/') ? request.path : `/${request.path}`;
  return `${request.protocol}//${request.hostname}${port}${path}${pairs.length ? `?${pairs.join('&')}` : ''}`;
}

/** RFC 3986, as the SDK's own query builder encodes. */
function encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
