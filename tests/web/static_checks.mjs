// The daemon's file serving, checked over raw HTTP (fetch would normalise
// "../" away before it reached the daemon).
import { request } from 'node:http';
import { symlinkSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function raw(port, method, path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

export async function checkStaticFiles(daemon, webRoot, check) {
  const port = daemon.port;
  const page = await raw(port, 'GET', '/');
  check(page.status === 200 && page.headers['content-type'].startsWith('text/html') && page.body.includes('/kiosk.html'),
    'GET / serves index.html as text/html');
  const js = await raw(port, 'GET', '/js/api.js');
  check(js.status === 200 && js.headers['content-type'].startsWith('text/javascript'), 'a module is served as text/javascript');
  check(js.headers['cache-control'] === 'no-cache' && !!js.headers.etag, 'files carry Cache-Control: no-cache and an ETag');
  const again = await new Promise((resolve) => {
    request({ host: '127.0.0.1', port, path: '/js/api.js', headers: { 'If-None-Match': js.headers.etag } }, (res) => { res.resume(); resolve(res.statusCode); }).end();
  });
  check(again === 304, `a matching ETag gets 304 (got ${again})`);
  const css = await raw(port, 'GET', '/css/qms.css');
  check(css.status === 200 && css.headers['content-type'].startsWith('text/css'), 'the stylesheet is text/css');
  const head = await raw(port, 'HEAD', '/kiosk.html');
  check(head.status === 200 && head.body === '' && head.headers['content-type'].startsWith('text/html'), 'HEAD answers headers without a body');
  const status = await raw(port, 'GET', '/t/00112233445566778899aabbccddeeff');
  check(status.status === 200 && status.body.includes('/js/status.js'), '/t/<id> serves the status page');
  for (const path of ['/../config/demo-office.toml', '/js/..%2f..%2fCMakeLists.txt', '/%2e%2e/%2e%2e/etc/passwd',
    '/js/%2e%2e', '/README.md', '/CMakeLists.txt', '/.hidden.html', '/nosuch.html', '/js/nosuch.js', '/%2fetc%2fpasswd']) {
    const r = await raw(port, 'GET', path);
    let code = null;
    try { code = JSON.parse(r.body).error.code; } catch { /* not JSON */ }
    check(r.status === 404 && code === 'not_found' && !r.body.includes('argon2id') && !r.body.includes('root:'),
      `${path} → 404 not_found as JSON (got ${r.status} ${code})`);
  }
  const post = await raw(port, 'POST', '/kiosk.html');
  check(post.status === 405, `POST to a page is refused with 405 (got ${post.status})`);
  // A symlink inside the root pointing out of it is not followed.
  const outside = mkdtempSync(join(tmpdir(), 'qmsd-outside-'));
  writeFileSync(join(outside, 'secret.html'), 'SECRET');
  const link = join(webRoot, 'zz-test-link.html');
  try {
    symlinkSync(join(outside, 'secret.html'), link);
    const r = await raw(port, 'GET', '/zz-test-link.html');
    check(r.status === 404 && !r.body.includes('SECRET'), `a symlink out of the web root is refused (got ${r.status})`);
  } finally {
    rmSync(link, { force: true });
    rmSync(outside, { recursive: true, force: true });
  }
  const csp = page.headers['content-security-policy'] || '';
  check(csp.includes("default-src 'self'"), 'pages are sent with a Content-Security-Policy that loads nothing from elsewhere');
}
