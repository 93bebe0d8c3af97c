// Setting up a browser test's world through the API, without a browser: a signed-in API
// session over fetch (its own cookie and CSRF token), and members with passwords.
import assert from 'node:assert/strict';

/** apiSession signs in over the API and returns call(method, path, body) → parsed JSON. */
export async function apiSession(baseUrl, email, password) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = JSON.parse(text);
  return async (method, path, body) => {
    const r = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** addMember invites a plain member (not an admin) and sets their password through the setup link. */
export async function addMember(baseUrl, call, ws, { email, name, departments = [] }, password) {
  const inv = await call('POST', `/workspaces/${ws}/members`, { email, name, role: 'member', departments });
  const res = await fetch(`${baseUrl}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: inv.setup.token, password }),
  });
  assert.equal(res.status, 200, await res.text());
  return inv.member.userId;
}
