// The real qmsd on loopback for the web tests: the demo office opened all day
// (as tests/integration/api/conftest.py does), a temp data dir, a fixed free
// port so a restart comes back at the same address the pages know. A second
// kiosk, kiosk2, prints on tools/sim/printer_sim.py when a printer port is
// given (as tests/integration/printing/daemon/ does); kiosk1 has no printer.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SOURCE = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOKENS = {
  kiosk: 'demo-kiosk-token-0001', display: 'demo-display-token-0001',
  leader: 'demo-leader-token-0001', admin: 'demo-admin-token-0001',
  kiosk2: 'web-kiosk2-token-0001', // made here, hashed by `qmsd hash-token`
};
export const PRINTER_ID = 'kiosk2_printer';

// kiosk2 and its printer on the simulator; the idle status poll at its
// shortest (1 s), so a fault reaches the pages without a tap.
function printerConfig(binary, printerPort) {
  const hash = execFileSync(binary, ['hash-token'], { input: TOKENS.kiosk2 }).toString().match(/"([^"]+)"/)[1];
  return `
[[client]]
id         = "kiosk2"
role       = "kiosk"
token_hash = "${hash}"

[[printer]]
id             = "${PRINTER_ID}"
kiosk          = "kiosk2"
transport      = "tcp"
host           = "127.0.0.1"
port           = ${printerPort}
timeout_ms     = 1000
status_poll_ms = 1000
`;
}

function officeConfig(port) {
  let text = readFileSync(join(SOURCE, 'config', 'demo-office.toml'), 'utf8');
  text = text.replace(/\n(mon|tue|wed|thu|fri|sat|sun)( *)= [^\n]*/g, '\n$1$2= ["00:00-24:00"]');
  text = text.replace(/\ncutoff_minutes *= *\d+/g, '\ncutoff_minutes = 0');
  text = text.replace(/\nclosed_dates = \[[^\]]*\]/, '');
  text = text.replace(/\nport *= *\d+/, `\nport = ${port}\nkiosk_rate_per_minute = 100000`);
  // Petitions get a quota of one, so the kiosk's "out of quota" message can be seen.
  text = text.replace(/\nlast( *)= 99 /, '\ndaily_quota = 1\nlast$1= 99 ');
  // Every browser context of these suites (kiosk, TV, counters, dashboard,
  // phones) comes from 127.0.0.1: one address plays every device of an
  // office, each context with its own connections without a token.
  text = text.replace(/\npublic_url *= *"[^"]*"/,
    `\npublic_url = "http://127.0.0.1:${port}"\nmax_connections_per_address = 512`);
  return text;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// tools/sim/printer_sim.py on a free TCP port; commands on its stdin, one
// answer line each ("state paper_out" → "ok", "tickets" → a count).
export class PrinterSim {
  async start() {
    this.proc = spawn('/usr/bin/python3', [join(SOURCE, 'tools', 'sim', 'printer_sim.py'), '--port', '0'],
      { stdio: ['pipe', 'pipe', 'ignore'] });
    this.lines = [];
    this.waiters = [];
    let buf = '';
    this.proc.stdout.on('data', (d) => {
      buf += d.toString();
      for (let i; (i = buf.indexOf('\n')) >= 0;) {
        const line = buf.slice(0, i).trim();
        buf = buf.slice(i + 1);
        const w = this.waiters.shift();
        if (w) w(line); else this.lines.push(line);
      }
    });
    const first = await this.next(5000);
    const m = /^listening (\d+)$/.exec(first);
    if (!m) throw new Error(`printer_sim.py did not start: "${first}"`);
    this.port = Number(m[1]);
    return this;
  }

  next(timeoutMs = 5000) {
    if (this.lines.length) return Promise.resolve(this.lines.shift());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('printer_sim.py did not answer')), timeoutMs);
      this.waiters.push((line) => { clearTimeout(timer); resolve(line); });
    });
  }

  cmd(line) {
    this.proc.stdin.write(`${line}\n`);
    return this.next();
  }

  stop() {
    if (!this.proc) return;
    this.proc.stdin.end('quit\n');
    this.proc.kill();
    this.proc = null;
  }
}

export class Daemon {
  // printerPort: kiosk2's printer on the simulator (none when omitted);
  // extra: more TOML appended to the office (e.g. a [voice] section).
  constructor(binary, port, webRoot, { printerPort, extra = '' } = {}) {
    this.binary = binary;
    this.webRoot = webRoot;
    this.port = port;
    this.dir = mkdtempSync(join(tmpdir(), 'qmsd-web-'));
    this.config = join(this.dir, 'office.toml');
    this.log = join(this.dir, 'qmsd.log');
    writeFileSync(this.config, officeConfig(port) + (printerPort ? printerConfig(binary, printerPort) : '') + extra);
    this.base = `http://127.0.0.1:${port}`;
    this.proc = null;
  }

  async start(timeoutMs = 15000) {
    const out = openSync(this.log, 'a');
    this.proc = spawn(this.binary, ['--config', this.config, '--data-dir', join(this.dir, 'data'), '--port', String(this.port)],
      { cwd: this.dir, stdio: ['ignore', out, out], env: { ...process.env, QMSD_WEB_ROOT: this.webRoot } });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) throw new Error(`qmsd exited ${this.proc.exitCode}:\n${this.tail()}`);
      try {
        const r = await fetch(`${this.base}/api/v1/health`);
        if (r.ok) return this;
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`qmsd did not come up in ${timeoutMs} ms:\n${this.tail()}`);
  }

  // SIGKILL: the crash a power cut or OOM would be; the pages must recover.
  async kill() {
    const p = this.proc;
    this.proc = null;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await gone;
  }

  async stop() {
    if (!this.proc) return 0;
    const p = this.proc;
    this.proc = null;
    const gone = new Promise((r) => p.once('exit', (code) => r(code)));
    p.kill('SIGTERM');
    return gone;
  }

  tail(lines = 30) {
    try { return readFileSync(this.log, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
  }

  async api(method, path, token, body) {
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    if (body) headers['Content-Type'] = 'application/json';
    const r = await fetch(`${this.base}/api/v1${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, body: r.status === 204 ? null : await r.json() };
  }
}
