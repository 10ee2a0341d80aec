// The downloads a script starts — fetch(), http/https get() and request(), and what tfjs loads
// through them (tf.loadLayersModel(url), tf.data.csv(url)) — remembered with the script's call, so
// that one failing for want of a network is reported there with its URL: Node's network code
// throws with no frame of the user's (the scan's position would be the file's 1:1).

import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import { ScanError } from '../engine/errors';
import type { SourceRange } from '../shared/protocol';

interface Download {
  url: string;
  site: SourceRange | null;
}

const DOWNLOAD = Symbol('dying-neurons download');

/** Node's codes for a connection that could not be made, and what each says of the network. */
const NETWORK_FAILURES: Record<string, string> = {
  ENOTFOUND: 'the host was not found — no network, or a wrong address',
  EAI_AGAIN: 'the host name could not be looked up — no network',
  EAI_FAIL: 'the host name could not be looked up — no network',
  ENETUNREACH: 'the network is unreachable — no network',
  EHOSTUNREACH: 'the host is unreachable — no network',
  ECONNREFUSED: 'the server refused the connection',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed',
};

type Tagged = { [DOWNLOAD]?: Download };

function tag(error: unknown, download: Download): void {
  if (typeof error === 'object' && error !== null && !(error as Tagged)[DOWNLOAD]) (error as Tagged)[DOWNLOAD] = download;
}

function fetchUrl(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return typeof input === 'object' && input !== null && 'url' in input ? String(input.url) : String(input);
}

/** The URL of http.get/request's arguments: (url[, options][, callback]) or (options[, callback]). */
function requestUrl(args: unknown[], protocol: string): string {
  const [first] = args;
  if (typeof first === 'string' || first instanceof URL) return String(first);
  const options = (first ?? {}) as http.RequestOptions;
  const host = options.hostname ?? options.host ?? 'localhost';
  return `${options.protocol ?? protocol}//${host}${options.port ? `:${options.port}` : ''}${options.path ?? '/'}`;
}

/** Remembers each download's URL and the script's call (`site()`, read when the download starts) on the errors it fails with. */
export function watchDownloads(site: () => SourceRange | null): void {
  const fetch = globalThis.fetch;
  if (typeof fetch === 'function') {
    globalThis.fetch = function (this: unknown, input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) {
      const download = { url: fetchUrl(input), site: site() };
      return fetch.call(this, input, init).catch((error: unknown) => {
        tag(error, download);
        throw error;
      });
    } as typeof fetch;
  }
  for (const [module, protocol] of [
    [http, 'http:'],
    [https, 'https:'],
  ] as const) {
    for (const name of ['request', 'get'] as const) {
      const original = module[name] as (...args: unknown[]) => http.ClientRequest;
      (module as unknown as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
        const request = original.apply(this, args);
        const download = { url: requestUrl(args, protocol), site: site() };
        const emit = request.emit;
        // Tagged as it is emitted, listeners or not: an 'error' nobody listens to is thrown as is.
        request.emit = function (this: http.ClientRequest, event: string | symbol, ...rest: unknown[]) {
          if (event === 'error') tag(rest[0], download);
          return emit.call(this, event, ...rest);
        } as typeof request.emit;
        return request;
      };
    }
  }
  // A script's `import { get } from 'node:https'` reads the patched functions.
  syncBuiltinESMExports();
}

function networkCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const { code, errors } = e as { code?: unknown; errors?: unknown };
    if (typeof code === 'string' && code in NETWORK_FAILURES) return code;
    if (Array.isArray(errors) && errors.length > 0) e = errors[0];
    else e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function detail(error: unknown, code: string): string {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++, e = (e as { cause?: unknown }).cause) {
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && message.includes(code)) return message;
  }
  return code;
}

/**
 * What a failed download the script started means, at the script's call: a connection that could
 * not be made (no network) says so with its URL (at `position` when the call is unknown); any
 * other failure of it keeps `message` and is placed at the call when `position` is null. Null: not
 * a download's.
 */
export function downloadFailure(error: unknown, message: string, position: SourceRange | null): ScanError | null {
  const download = typeof error === 'object' && error !== null ? (error as Tagged)[DOWNLOAD] : undefined;
  if (!download) return null;
  const code = networkCode(error);
  if (!code) return new ScanError('script-error', message, position ?? download.site);
  return new ScanError(
    'script-error',
    `The download of ${download.url} failed: ${NETWORK_FAILURES[code]} (${detail(error, code)}). The scan runs the script as written, downloads included: save the file once where there is a network and load it from disk.`,
    download.site ?? position,
  );
}
