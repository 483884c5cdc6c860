// The only way the console talks to the appliance: fetch to /jinku/api, same origin, with the session cookie
// (HttpOnly, set by POST /session), the header that tells the API a browser page is calling (so a 401 comes without
// a Basic-auth prompt), and the session's CSRF token on every write.

const BASE = '/jinku/api';
let session = null;
let onUnauthorized = () => {};

/** An error answer of the API: code (NOT_AUTHORIZED, WRONG_PIN, …), message, HTTP status, field errors. */
export class ApiError extends Error {
  constructor(status, code, message, fieldErrors) {
    super(message || code);
    this.status = status;
    this.code = code || `HTTP_${status}`;
    this.fieldErrors = fieldErrors || [];
  }

  /** "WRONG_PIN: wrong PIN for … (4 of 5 tries left)" plus the first field errors. */
  describe() {
    const fields = this.fieldErrors.slice(0, 5).map((f) => `${f.path}: ${f.message}`).join('; ');
    return `${this.code}: ${this.message}${fields ? ` — ${fields}` : ''}`;
  }
}

export function getSession() {
  return session;
}

export function setSession(s) {
  session = s;
}

/** Called with the server's message when any call answers 401 (session gone): the app shows the login page. */
export function whenUnauthorized(fn) {
  onUnauthorized = fn;
}

export function hasRole(role) {
  return !!session && session.roles.includes(role);
}

/** Any of the roles; a post role may be written with '*' for the node: hasAny('review@*'). */
export function hasAny(...roles) {
  if (!session) return false;
  return roles.some((r) => r.endsWith('@*')
    ? session.roles.some((x) => x.startsWith(r.slice(0, -1)))
    : session.roles.includes(r));
}

/** The nodes the account holds a post on, with the posts: {finance: ['entry'], …}. */
export function postsByNode() {
  const out = {};
  for (const r of session ? session.roles : []) {
    const m = /^(entry|review|seal)@(.+)$/.exec(r);
    if (m) (out[m[2]] = out[m[2]] || []).push(m[1]);
  }
  return out;
}

/** A node path part: the name as is (names are [A-Za-z0-9._-]); a voucher key keeps its slashes, as the API has it. */
export function keyPath(key) {
  return String(key).split('/').map(encodeURIComponent).join('/');
}

export async function request(method, path, body, { raw = false, quiet401 = false } = {}) {
  const headers = { 'X-Requested-With': 'jinku-console', Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && session && session.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
  let res;
  try {
    res = await fetch(BASE + path, {
      method, credentials: 'same-origin', headers, cache: 'no-store',
      body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', `无法连接服务器: ${e.message}`);
  }
  if (raw && res.ok) return res;
  const text = await res.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, json && json.error, (json && json.message) || res.statusText, json && json.fieldErrors);
    if (res.status === 401 && !quiet401) {
      session = null;
      onUnauthorized(err);
    }
    throw err;
  }
  return json;
}

export const api = {
  get: (path, opts) => request('GET', path, undefined, opts),
  post: (path, body, opts) => request('POST', path, body === undefined ? {} : body, opts),
  put: (path, body, opts) => request('PUT', path, body, opts),
  del: (path, opts) => request('DELETE', path, undefined, opts),
};
