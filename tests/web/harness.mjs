// What every web test shares, so each script holds only its own checks: the
// pass/fail count and its "ok"/"FAIL" lines, waits that become checks
// (expectText, expectTrue), screenshots, a watchdog, a temporary copy of
// daemon/web for the daemon to serve (QMSD_WEB_ROOT, so no test touches the
// source tree), Debian's Chromium with the flags these tests use, the pages'
// script errors, and the closing checks (no script errors, the daemon stops
// cleanly) with the summary line and the exit code.
//
//   const t = new WebTest({ name: 'web_info', watchdog: 150 });
//   const daemon = t.daemon({ extra: '…' });   // the real qmsd on a free port
//   try {
//     await daemon.start();
//     await t.launch();
//     const page = await t.open({ width: 1920, height: 1080 }, '/tv.html#token=…');
//     await t.expectText(page, '#conn', 'Trực tuyến', 'the TV is live');
//   } catch (e) { t.crashed(e, daemon); }
//   await t.finish(daemon);
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { Daemon, SOURCE, freePort } from './daemon.mjs';

const require = createRequire(join(SOURCE, 'tests', 'js', 'package.json'));
const { chromium } = require('playwright-core');

// Headless, no sandbox (root in CI), nothing of Chromium's own on the
// network; playwright gives each launch a fresh temporary profile.
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// In the page: does the element (the first match, any match, or the first
// match outside anything hidden) hold the text?
const TEXT_IN = {
  first: ([s, x]) => { const e = document.querySelector(s); return !!e && e.textContent.includes(x); },
  any: ([s, x]) => [...document.querySelectorAll(s)].some((e) => e.textContent.includes(x)),
  shown: ([s, x]) => { const e = document.querySelector(s); return !!e && !e.closest('.hidden') && e.textContent.includes(x); },
};

export class WebTest {
  // name: put before the summary line; watchdog: seconds before the whole test
  // is failed; wait: how long an expectation waits (ms); textIn: which element
  // of a selector expectText reads (see TEXT_IN); args: false when the script
  // takes no command line (artifacts then given); result: a file in the
  // artifacts dir to write the summary to.
  constructor({ name = '', watchdog = 100, wait = 10000, textIn = 'first', args = true, artifacts, result } = {}) {
    this.name = name;
    this.wait = wait;
    this.textIn = TEXT_IN[textIn];
    this.result = result;
    this.passes = 0;
    this.failures = 0;
    this.errors = []; // script errors on the pages, "label: message"
    this.shots = 0;
    this.started = Date.now();
    if (args) {
      const [binary, dir = join(process.cwd(), 'artifacts', 'web')] = process.argv.slice(2);
      if (!binary) { console.error(`usage: node ${basename(process.argv[1])} <qmsd> [artifacts dir]`); process.exit(2); }
      this.binary = resolve(binary); // the daemon runs in its temp dir
      this.artifacts = dir;
    } else {
      this.artifacts = artifacts;
    }
    mkdirSync(this.artifacts, { recursive: true });
    this.watchdog = setTimeout(() => { console.log(`FAIL the whole test took more than ${watchdog} s`); process.exit(1); }, watchdog * 1000);
    // Bound, so a script can take them apart (const { check } = t) and pass
    // them on to helpers (a11y_info.mjs, static_checks.mjs).
    for (const m of ['check', 'checkList', 'expectText', 'expectTrue', 'shot']) this[m] = this[m].bind(this);
  }

  check(ok, what) {
    if (ok) this.passes++; else this.failures++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    return ok;
  }

  // One check with its offending items listed below it (at most 12).
  checkList(bad, what) {
    this.check(bad.length === 0, what + (bad.length ? ` — ${bad.length} failing:` : ''));
    for (const b of bad.slice(0, 12)) console.log(`       ${b}`);
    if (bad.length > 12) console.log(`       … and ${bad.length - 12} more`);
  }

  // A copy of daemon/web in a temporary directory, removed by finish() when
  // every check passed.
  copyWebRoot() {
    if (!this.webRoot) {
      this.webRoot = join(mkdtempSync(join(tmpdir(), 'qmsd-webroot-')), 'web');
      cpSync(join(SOURCE, 'daemon', 'web'), this.webRoot, { recursive: true });
    }
    return this.webRoot;
  }

  // The real qmsd (daemon.mjs) on a free port, serving the copy of daemon/web;
  // not started. opts: Daemon's (printerPort, extra).
  async daemon(opts = {}) {
    this.base = (this.qmsd = new Daemon(this.binary, await freePort(), this.copyWebRoot(), opts)).base;
    return this.qmsd;
  }

  async launch(extraArgs = []) {
    this.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
    return this.browser;
  }

  // Collects the page's script errors for the closing check.
  watch(page, label) {
    page.on('pageerror', (e) => this.errors.push(`${label}: ${e.message}`));
    return page;
  }

  // A page in its own browser context (its own cookies and storage), at
  // viewport, the daemon as base URL; init runs before the page's scripts.
  async open(viewport, path, { init, label = path.split('#')[0], ...contextOptions } = {}) {
    const ctx = await this.browser.newContext({ viewport, baseURL: this.base, ...contextOptions });
    if (init) await ctx.addInitScript(init);
    const page = this.watch(await ctx.newPage(), label);
    await page.goto(path);
    return page;
  }

  // Waits for the page to show text in selector; a failure is a check, not a crash.
  async expectText(page, selector, text, what, timeout = this.wait) {
    try {
      await page.waitForFunction(this.textIn, [selector, text], { timeout });
      return this.check(true, what);
    } catch {
      const got = await page.$$eval(selector, (els) => els.map((e) => e.textContent).join(' | ')).catch(() => '');
      return this.check(false, `${what} — wanted "${text}" in ${selector}, got "${got ? got.slice(0, 300) : '(missing)'}"`);
    }
  }

  // Waits for fn(arg) to hold in the page.
  async expectTrue(page, fn, arg, what, timeout = this.wait) {
    try {
      await page.waitForFunction(fn, arg, { timeout });
      return this.check(true, what);
    } catch {
      return this.check(false, what);
    }
  }

  shot(page, name, opts = {}) {
    this.shots++;
    return page.screenshot({ path: join(this.artifacts, `${name}.png`), ...opts });
  }

  // The test threw: a failed check with the stack, and the daemon's last words.
  crashed(e, daemon) {
    this.check(false, `the test ran to the end (${e.stack || e})`);
    if (daemon) console.log(daemon.tail());
  }

  // The closing checks, the summary, the exit: no script errors on any page,
  // the browser closed, the daemon (if any) stopped with exit code 0, then
  // after() (e.g. a simulator stopped); the temporary directories are removed
  // when everything passed, kept to look at otherwise.
  async finish(daemon, { after } = {}) {
    if (this.browser) await this.browser.close().catch(() => {});
    this.checkList(this.errors, 'no script errors on any page');
    if (daemon) {
      const rc = await daemon.stop();
      this.check(rc === 0, `qmsd stopped cleanly (exit ${rc})`);
    }
    if (after) await after();
    clearTimeout(this.watchdog);
    if (!this.failures) {
      if (daemon) rmSync(daemon.dir, { recursive: true, force: true });
      if (this.webRoot) rmSync(dirname(this.webRoot), { recursive: true, force: true });
    }
    const counts = `${this.passes} passed, ${this.failures} failed`;
    if (this.result) writeFileSync(join(this.artifacts, this.result), `${counts}\n`);
    console.log(`${this.name ? `${this.name}: ` : ''}${counts} in ${((Date.now() - this.started) / 1000).toFixed(1)} s`
      + (this.shots ? `; screenshots in ${this.artifacts}` : ''));
    process.exit(this.failures ? 1 : 0);
  }
}
