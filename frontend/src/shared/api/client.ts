import { ApiError, BAD_RESPONSE, NETWORK_ERROR, errorFromResponse } from './errors';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Methods that change state: the session cookie alone is not enough for them. */
const UNSAFE: ReadonlySet<Method> = new Set<Method>(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ClientOptions {
  /** Prefix of every path, default "/api/v1". */
  baseUrl?: string;
  /** The fetch to use; tests pass a mock. Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** The UI language, sent as Accept-Language so server messages match it. */
  language?: () => string;
  /** Text for errors that come without a server message (network down, HTML error page). */
  fallbackMessage?: (code: string, status: number) => string;
  /**
   * Makes the request that sends a file with its progress (fetch reports none); tests pass a
   * fake. Defaults to XMLHttpRequest where there is one; without it files go by fetch.
   */
  xhr?: () => XMLHttpRequest;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send the body as it is (a file), not as JSON. */
  raw?: boolean;
}

function defaultFallback(code: string, status: number): string {
  if (code === NETWORK_ERROR) return 'The server could not be reached.';
  return `Request failed (HTTP ${status}).`;
}

/**
 * ApiClient talks to the Formloom HTTP API. It sends the session cookie, remembers the CSRF
 * token that login, setup and /auth/me hand out and sends it back as X-CSRF-Token on unsafe
 * methods, asks for messages in the UI language, and rejects with ApiError on any failure.
 */
export class ApiClient {
  private csrfToken = '';
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly language: () => string;
  private readonly fallback: (code: string, status: number) => string;
  private readonly sessionLost = new Set<(err: ApiError) => void>();
  private readonly xhr?: () => XMLHttpRequest;

  constructor(opts: ClientOptions = {}) {
    this.baseUrl = (opts.baseUrl ?? '/api/v1').replace(/\/+$/, '');
    // Bound so that a plain `fetch` keeps its `this` (window) when called as a method.
    this.fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.language = opts.language ?? (() => 'en');
    this.fallback = opts.fallbackMessage ?? defaultFallback;
    this.xhr = opts.xhr ?? (typeof XMLHttpRequest === 'undefined' || opts.fetch ? undefined : () => new XMLHttpRequest());
  }

  /** The CSRF token currently held ("" before sign-in or after sign-out). */
  getCsrfToken(): string {
    return this.csrfToken;
  }

  setCsrfToken(token: string): void {
    this.csrfToken = token;
  }

  /**
   * onSessionLost registers fn to run when a request made while signed in (a CSRF token is
   * held) is answered 401: the session expired or was revoked. A failed sign-in does not
   * count. Returns a function that unregisters fn.
   */
  onSessionLost(fn: (err: ApiError) => void): () => void {
    this.sessionLost.add(fn);
    return () => {
      this.sessionLost.delete(fn);
    };
  }

  get<T>(path: string, opts?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, undefined, opts);
  }

  post<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, body, opts);
  }

  put<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, body, opts);
  }

  patch<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, body, opts);
  }

  delete<T = void>(path: string, opts?: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', path, undefined, opts);
  }

  /** upload posts a file as the request body itself (imports), with the CSRF token. */
  upload<T>(path: string, file: Blob, opts: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, file, { ...opts, raw: true });
  }

  /**
   * uploadWithProgress posts a file as upload does and reports the share of it sent so far
   * (0 to 1), so that a phone on a slow network shows how far a large file has got.
   */
  uploadWithProgress<T>(path: string, file: Blob, onProgress: (sent: number) => void): Promise<T> {
    const make = this.xhr;
    if (!make) return this.upload<T>(path, file);
    return new Promise<T>((resolve, reject) => {
      const x = make();
      x.open('POST', this.baseUrl + path);
      x.setRequestHeader('Accept', 'application/json');
      x.setRequestHeader('Accept-Language', this.language());
      if (this.csrfToken) x.setRequestHeader('X-CSRF-Token', this.csrfToken);
      x.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
      x.onerror = () => reject(new ApiError(0, NETWORK_ERROR, this.fallback(NETWORK_ERROR, 0)));
      x.onload = () => {
        const headers = new Headers();
        for (const h of ['Content-Type', 'Retry-After']) {
          const v = x.getResponseHeader(h);
          if (v) headers.set(h, v);
        }
        const res = new Response(x.status === 204 || x.status === 205 ? null : x.responseText, { status: x.status, headers });
        this.answer<T>(res).then(resolve, reject);
      };
      x.send(file);
    });
  }

  async request<T>(method: Method, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Accept-Language': this.language(),
      ...opts.headers,
    };
    if (body !== undefined && !opts.raw) headers['Content-Type'] = 'application/json';
    if (UNSAFE.has(method) && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;

    let res: Response;
    try {
      res = await this.fetchFn(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : opts.raw ? (body as Blob) : JSON.stringify(body),
        credentials: 'same-origin',
        signal: opts.signal,
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError(0, NETWORK_ERROR, this.fallback(NETWORK_ERROR, 0));
    }
    return this.answer<T>(res);
  }

  /** answer reads a response: its JSON, or the ApiError it carries (a lost session told). */
  private async answer<T>(res: Response): Promise<T> {
    const data = await readJson(res);
    if (!res.ok) {
      const fallback = this.fallback(`http_${res.status}`, res.status);
      const err = errorFromResponse(res, data.ok ? data.value : undefined, fallback);
      if (res.status === 401 && this.csrfToken !== '') {
        this.csrfToken = '';
        for (const fn of [...this.sessionLost]) fn(err);
      }
      throw err;
    }
    if (!data.ok) {
      throw new ApiError(res.status, BAD_RESPONSE, this.fallback(BAD_RESPONSE, res.status));
    }
    this.rememberCsrf(data.value);
    return data.value as T;
  }

  /** Login, setup and /auth/me answer with {csrfToken}; keep the latest one. */
  private rememberCsrf(value: unknown): void {
    if (typeof value === 'object' && value !== null && 'csrfToken' in value) {
      const token = (value as { csrfToken: unknown }).csrfToken;
      if (typeof token === 'string' && token !== '') this.csrfToken = token;
    }
  }
}

type JsonResult = { ok: true; value: unknown } | { ok: false };

/** Empty bodies (204) read as undefined; anything that is not JSON is reported, not thrown. */
async function readJson(res: Response): Promise<JsonResult> {
  if (res.status === 204 || res.status === 205) return { ok: true, value: undefined };
  let text: string;
  try {
    text = await res.text();
  } catch {
    return { ok: false };
  }
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
