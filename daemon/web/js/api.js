// The API client: JSON in and out, the bearer token, and errors carrying the
// daemon's stable code with its Vietnamese and English texts.

export class ApiError extends Error {
  constructor(status, code, vi, en, message) {
    super(message || en || code);
    this.status = status;
    this.code = code;
    this.vi = vi;
    this.en = en;
  }
  get network() { return this.code === 'network'; }
}

const NETWORK = ['network', 'Mất kết nối tới máy chủ', 'Lost connection to the server'];

// A device page is opened once as page.html#token=… ; the token moves to
// localStorage and leaves the address bar (and history) at once.
export function tokenFromFragment(storageKey) {
  const m = location.hash.match(/(?:^#|&)token=([^&]+)/);
  if (m) {
    localStorage.setItem(storageKey, decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return localStorage.getItem(storageKey);
}

export class Api {
  // getToken: () => string|null, read at each call (it changes on login).
  constructor(getToken = () => null) {
    this.getToken = getToken;
  }

  async request(method, path, body, { timeoutMs = 10000 } = {}) {
    const headers = { Accept: 'application/json' };
    const token = this.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    let res;
    try {
      res = await fetch(`/api/v1${path}`, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        signal: ctrl.signal, cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError(0, ...NETWORK, String(e));
    } finally {
      clearTimeout(timer);
    }
    if (res.status === 204) return null;
    let data = null;
    try {
      data = await res.json();
    } catch (e) {
      throw new ApiError(res.status, 'bad_reply', 'Máy chủ trả lời không hợp lệ', 'The server sent a bad reply');
    }
    if (!res.ok) {
      const err = (data && data.error) || {};
      const e = new ApiError(res.status, err.code || 'http_' + res.status, err.vi, err.en, err.message);
      if (data && data.retry_after_seconds) e.retryAfter = data.retry_after_seconds;
      e.body = data; // extra members, e.g. printer_failed's "printer" and "cancelled"
      throw e;
    }
    return data;
  }

  // A file (CSV, XLSX) as a Blob with its name from Content-Disposition.
  async download(path, { timeoutMs = 60000 } = {}) {
    const headers = {};
    const token = this.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    let res;
    try {
      res = await fetch(`/api/v1${path}`, { headers, signal: ctrl.signal, cache: 'no-store' });
      if (!res.ok) {
        let err = {};
        try { err = (await res.json()).error || {}; } catch { /* not JSON */ }
        throw new ApiError(res.status, err.code || 'http_' + res.status, err.vi, err.en, err.message);
      }
      const disposition = res.headers.get('Content-Disposition') || '';
      const m = disposition.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
      return { blob: await res.blob(), name: m ? decodeURIComponent(m[1]) : null };
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError(0, ...NETWORK, String(e));
    } finally {
      clearTimeout(timer);
    }
  }

  get(path) { return this.request('GET', path); }
  post(path, body = {}) { return this.request('POST', path, body); }
  del(path) { return this.request('DELETE', path); }
}

// A random id for idempotent requests ([A-Za-z0-9_-], as the API wants).
export function requestId() {
  const b = new Uint8Array(12);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
