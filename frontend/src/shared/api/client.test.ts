import { describe, expect, it } from 'vitest';
import { apiError, json, mockFetch, type Call } from '../test/mockFetch';
import { ApiClient } from './client';
import { ApiError, BAD_RESPONSE, NETWORK_ERROR } from './errors';
import { Api } from './endpoints';

const session = (token: string) => ({
  user: { id: 'u1', email: 'a@example.com', name: 'Ann', admin: true },
  csrfToken: token,
});

/** A small fake server: login/me/setup hand out tokens, the rest answer 200 {}. */
function server(call: Call): Response {
  if (call.url === '/api/v1/auth/login') return json(200, session('tok-login'));
  if (call.url === '/api/v1/auth/me') return json(200, session('tok-me'));
  if (call.url === '/api/v1/auth/setup') return json(200, session('tok-setup'));
  if (call.url === '/api/v1/auth/logout') return new Response(null, { status: 204 });
  return json(200, {});
}

describe('ApiClient CSRF handling', () => {
  it('sends the token from login as X-CSRF-Token on unsafe methods only', async () => {
    const { fetch, calls } = mockFetch(server);
    const api = new Api(new ApiClient({ fetch }));

    await api.login('a@example.com', 'pw');
    expect(calls[0]!.headers['x-csrf-token']).toBeUndefined();

    await api.workspaces();
    await api.createWorkspace('Sales');
    await api.updateMember('w1', 'u2', { role: 'admin' });
    await api.deleteDepartment('w1', 'd1');
    await api.client.put('/x', { a: 1 });

    const [get, post, patch, del, put] = calls.slice(1);
    expect(get!.method).toBe('GET');
    expect(get!.headers['x-csrf-token']).toBeUndefined();
    for (const c of [post, patch, del, put]) {
      expect(c!.headers['x-csrf-token']).toBe('tok-login');
    }
  });

  it('takes the latest token from /auth/me and from account setup', async () => {
    const { fetch, calls } = mockFetch(server);
    const api = new Api(new ApiClient({ fetch }));

    await api.me();
    await api.createWorkspace('A');
    expect(calls.at(-1)!.headers['x-csrf-token']).toBe('tok-me');

    await api.completeSetup('invite-token', 'long-password');
    await api.createWorkspace('B');
    expect(calls.at(-1)!.headers['x-csrf-token']).toBe('tok-setup');
  });

  it('forgets the token after logout', async () => {
    const { fetch, calls } = mockFetch(server);
    const api = new Api(new ApiClient({ fetch }));
    await api.login('a@example.com', 'pw');
    await api.logout();
    expect(calls.at(-1)!.headers['x-csrf-token']).toBe('tok-login');
    expect(api.client.getCsrfToken()).toBe('');
    await api.client.post('/workspaces', { name: 'x' });
    expect(calls.at(-1)!.headers['x-csrf-token']).toBeUndefined();
  });

  it('sends cookies and JSON bodies', async () => {
    const { fetch, calls } = mockFetch(server);
    const api = new Api(new ApiClient({ fetch }));
    await api.invite('w 1', { email: 'b@example.com', role: 'member', departments: ['d1'] });
    const c = calls[0]!;
    expect(c.credentials).toBe('same-origin');
    expect(c.url).toBe('/api/v1/workspaces/w%201/members');
    expect(c.headers['content-type']).toBe('application/json');
    expect(c.body).toEqual({ email: 'b@example.com', role: 'member', departments: ['d1'] });
  });
});

describe('ApiClient Accept-Language', () => {
  it('follows the current UI language on every request', async () => {
    const { fetch, calls } = mockFetch(server);
    let lang = 'zh-CN';
    const client = new ApiClient({ fetch, language: () => lang });
    await client.get('/workspaces');
    lang = 'en';
    await client.post('/workspaces', { name: 'x' });
    expect(calls.map((c) => c.headers['accept-language'])).toEqual(['zh-CN', 'en']);
  });
});

describe('ApiClient errors', () => {
  it('turns the error shape into an ApiError with field messages', async () => {
    const { fetch } = mockFetch(() =>
      apiError(422, 'validation_failed', '输入有误', {
        '/name': { code: 'required', message: '必填' },
        '/departments/0': { code: 'not_found', message: '部门不存在' },
      }),
    );
    const client = new ApiClient({ fetch });
    const err = await client.post('/workspaces/w1/departments', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation_failed');
    expect(e.message).toBe('输入有误');
    expect(e.hasFieldErrors()).toBe(true);
    expect(e.fields).toEqual({
      '/name': { code: 'required', message: '必填' },
      '/departments/0': { code: 'not_found', message: '部门不存在' },
    });
  });

  it('reads Retry-After on 429', async () => {
    const { fetch } = mockFetch(() =>
      json(429, { error: { status: 429, code: 'too_many_attempts', message: 'slow down' } }, { 'Retry-After': '30' }),
    );
    const err = (await new Api(new ApiClient({ fetch })).login('a@b.c', 'x').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('too_many_attempts');
    expect(err.retryAfter).toBe(30);
  });

  it('gives a usable error for a body that is not the error shape', async () => {
    const { fetch } = mockFetch(() => new Response('<html>Bad Gateway</html>', { status: 502 }));
    const client = new ApiClient({ fetch, fallbackMessage: (code, status) => `fallback ${code} ${status}` });
    const err = (await client.get('/workspaces').catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(502);
    expect(err.code).toBe('http_502');
    expect(err.message).toBe('fallback http_502 502');
    expect(err.fields).toEqual({});
  });

  it('reports an unreachable server as status 0', async () => {
    const client = new ApiClient({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      fallbackMessage: (code) => `msg:${code}`,
    });
    const err = (await client.get('/workspaces').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(0);
    expect(err.code).toBe(NETWORK_ERROR);
    expect(err.message).toBe(`msg:${NETWORK_ERROR}`);
  });

  it('rejects a successful answer that is not JSON', async () => {
    const { fetch } = mockFetch(() => new Response('<html></html>', { status: 200 }));
    const err = (await new ApiClient({ fetch }).get('/workspaces').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe(BAD_RESPONSE);
  });

  it('resolves 204 to undefined', async () => {
    const { fetch } = mockFetch(() => new Response(null, { status: 204 }));
    await expect(new ApiClient({ fetch }).delete('/workspaces/w1/departments/d1')).resolves.toBeUndefined();
  });
});

describe('ApiClient session loss', () => {
  it('notifies listeners of a 401 while signed in, not of a failed sign-in', async () => {
    let signedIn = false;
    const { fetch } = mockFetch((c) => {
      if (c.url.endsWith('/auth/login')) {
        return signedIn ? json(200, session('t')) : apiError(401, 'invalid_credentials', 'wrong');
      }
      return apiError(401, 'unauthenticated', 'gone');
    });
    const api = new Api(new ApiClient({ fetch }));
    const lost: string[] = [];
    const off = api.client.onSessionLost((e) => lost.push(e.code));

    await api.login('a@b.c', 'bad').catch(() => undefined);
    expect(lost).toEqual([]);

    signedIn = true;
    await api.login('a@b.c', 'good');
    await api.workspaces().catch(() => undefined);
    expect(lost).toEqual(['unauthenticated']);
    expect(api.client.getCsrfToken()).toBe('');

    off();
    await api.login('a@b.c', 'good');
    await api.workspaces().catch(() => undefined);
    expect(lost).toEqual(['unauthenticated']);
  });
});

/** FakeXhr records what is sent and answers like a server, reporting progress on the way. */
class FakeXhr {
  static last: FakeXhr | undefined;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  responseText = '';
  answerHeaders: Record<string, string> = {};
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(private readonly reply: (x: FakeXhr) => void) {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k.toLowerCase()] = v;
  }
  getResponseHeader(k: string) {
    return this.answerHeaders[k] ?? null;
  }
  send(body: unknown) {
    this.body = body;
    this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 200 });
    this.upload.onprogress?.({ lengthComputable: true, loaded: 200, total: 200 });
    this.reply(this);
  }
}

describe('ApiClient uploads with progress', () => {
  it('sends the file with the token and language, reports the share sent and reads the answer', async () => {
    const { fetch } = mockFetch(server);
    const client = new ApiClient({
      fetch,
      language: () => 'zh-CN',
      xhr: () =>
        new FakeXhr((x) => {
          x.status = 201;
          x.answerHeaders = { 'Content-Type': 'application/json' };
          x.responseText = JSON.stringify({ id: 'f1', name: '报价单.pdf', size: 200, contentType: 'application/pdf' });
          x.onload?.();
        }) as unknown as XMLHttpRequest,
    });
    const api = new Api(client);
    await api.login('a@example.com', 'pw');
    const sent: number[] = [];
    const info = await api.uploadFile('w1', 'a1', 'contract', 'attachments', new File(['x'], '报价单.pdf'), 'r1', (s) => sent.push(s));
    expect(info.id).toBe('f1');
    expect(sent).toEqual([0.25, 1]);
    const x = FakeXhr.last!;
    expect(x.method).toBe('POST');
    expect(x.url).toBe('/api/v1/workspaces/w1/apps/a1/forms/contract/fields/attachments/files?filename=%E6%8A%A5%E4%BB%B7%E5%8D%95.pdf&record=r1');
    expect(x.headers['x-csrf-token']).toBe('tok-login');
    expect(x.headers['accept-language']).toBe('zh-CN');
  });

  it("rejects with the server's error, its field message kept, or a network error", async () => {
    const refuse = (x: FakeXhr) => {
      x.status = 422;
      x.answerHeaders = { 'Content-Type': 'application/json' };
      x.responseText = JSON.stringify({ error: { status: 422, code: 'validation_failed', message: '提交的数据未通过校验。', fields: { '/attachments': { code: 'file_type', message: '不接受 text/plain 类型的文件。' } } } });
      x.onload?.();
    };
    const client = new ApiClient({ xhr: () => new FakeXhr(refuse) as unknown as XMLHttpRequest });
    const err = await client.uploadWithProgress('/x', new Blob(['x']), () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).fields['/attachments']?.message).toBe('不接受 text/plain 类型的文件。');
    const offline = new ApiClient({ xhr: () => new FakeXhr((x) => x.onerror?.()) as unknown as XMLHttpRequest });
    const down = await offline.uploadWithProgress('/x', new Blob(['x']), () => {}).catch((e: unknown) => e);
    expect((down as ApiError).code).toBe(NETWORK_ERROR);
  });
});
