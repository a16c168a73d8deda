// The pages are accessible at the sizes they are used at: text contrast
// (WCAG 2.x, 4.5:1, 3:1 for large text), no text below 12 px, touch targets on
// the kiosk and the phone, a visible focus ring on every control the Tab key
// reaches, nothing wider than a phone on the status page, and nothing fetched
// from anywhere but the daemon itself (no CDN, no external fonts or scripts).
// Each page is looked at in the states that show most of it: the kiosk's
// buttons, its priority dialog and a ticket; the desk's login form and a
// counter serving a ticket; the TV after a call; the dashboard; the status
// page of a waiting and of a called ticket.
// Usage: node accessibility.mjs <qmsd binary> [artifacts dir]
import { TOKENS } from './daemon.mjs';
import { WebTest } from './harness.mjs';
import { auditInformationScreens } from './a11y_info.mjs';

const t = new WebTest({ name: 'accessibility', watchdog: 100 });
const { check, checkList } = t;
const WAIT = t.wait;

// ---- In the page: every visible element with its own text, measured. ----
// Runs inside Chromium (page.evaluate), so it must stay self-contained.
function measureText() {
  const parse = (s) => {
    const m = /^rgba?\(([^)]+)\)$/.exec(s || '');
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, under) => ({ // top composited over an opaque colour
    r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a), a: 1,
  });
  const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  const lum = (c) => {
    const ch = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  // The colour behind an element: its own and its ancestors' background
  // colours, composited down to the first opaque one (the canvas is white).
  // DOM ancestors are what is painted behind text on these pages (no text is
  // positioned over an element it does not descend from). A background image
  // or gradient on the way cannot be judged from styles: reported, not guessed.
  const background = (el) => {
    const layers = [];
    for (let a = el; a && a.nodeType === 1; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.backgroundImage && cs.backgroundImage !== 'none') return { image: a };
      const c = parse(cs.backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    for (const l of layers.reverse()) bg = over(l, bg);
    return { bg };
  };
  const opacity = (el) => { let o = 1; for (let a = el; a && a.nodeType === 1; a = a.parentElement) o *= Number(getComputedStyle(a).opacity); return o; };
  const path = (el) => {
    const parts = [];
    for (let a = el; a && a.nodeType === 1 && parts.length < 4; a = a.parentElement) {
      const cls = typeof a.className === 'string' && a.className.trim() ? '.' + a.className.trim().split(/\s+/).join('.') : '';
      const data = Object.entries(a.dataset || {}).slice(0, 1).map(([k, v]) => `[data-${k.replace(/[A-Z]/g, (x) => '-' + x.toLowerCase())}="${v}"]`).join('');
      parts.unshift(`${a.localName}${a.id ? '#' + a.id : ''}${cls}${data}`);
      if (a.id) break;
    }
    return parts.join('>');
  };
  // Visually hidden on purpose (.sr-only, clip): not seen, so not judged.
  const clippedAway = (el) => {
    for (let a = el; a && a.nodeType === 1; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if ((cs.clip && cs.clip !== 'auto') || (cs.clipPath && cs.clipPath !== 'none')) return true;
    }
    return false;
  };
  const rendered = (node) => {
    const r = document.createRange();
    r.selectNodeContents(node);
    return [...r.getClientRects()].some((x) => x.width > 0 && x.height > 0);
  };
  const owners = new Map(); // element → its own text
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    const text = n.textContent.replace(/\s+/g, ' ').trim();
    if (!text || !n.parentElement || !rendered(n)) continue;
    owners.set(n.parentElement, ((owners.get(n.parentElement) || '') + ' ' + text).trim());
  }
  // Form controls show text that is not a text node: their value, the chosen
  // option, or the placeholder (styled by ::placeholder).
  for (const el of document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const text = el.localName === 'select' ? (el.selectedOptions[0]?.textContent || '') : el.value || el.placeholder || (el.type === 'date' ? 'dd/mm/yyyy' : '');
    if (text.trim()) owners.set(el, text.trim());
  }
  const out = [];
  for (const [el, text] of owners) {
    const cs = getComputedStyle(el);
    if (cs.visibility !== 'visible' || clippedAway(el)) continue;
    const op = opacity(el);
    if (op === 0) continue;
    const svg = el instanceof SVGElement;
    const placeholder = (el.localName === 'input' || el.localName === 'textarea') && !el.value && el.placeholder;
    // SVG text is painted with fill, and scaled by its viewBox.
    const fg = parse(svg ? cs.fill : placeholder ? getComputedStyle(el, '::placeholder').color : cs.color);
    let size = parseFloat(cs.fontSize);
    if (svg && el.getScreenCTM()) { const m = el.getScreenCTM(); size *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)); }
    const bold = Number(cs.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const item = { path: path(el), text: text.slice(0, 40), size: Math.round(size * 10) / 10, large,
      disabled: !!el.closest(':disabled, [aria-disabled="true"]') };
    const { bg, image } = background(el);
    if (image) { item.image = path(image); out.push(item); continue; }
    if (!fg) { item.unparsed = svg ? cs.fill : cs.color; out.push(item); continue; }
    const shown = over({ ...fg, a: fg.a * op }, bg);
    item.fg = hex(shown); item.bg = hex(bg);
    item.ratio = Math.round(ratio(shown, bg) * 100) / 100;
    out.push(item);
  }
  return out;
}

// Focus: the outline and box-shadow of everything focusable, unfocused.
function snapshotUnfocused() {
  window.__unfocused = new Map();
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')) {
    const cs = getComputedStyle(el);
    window.__unfocused.set(el, { outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, shadow: cs.boxShadow });
  }
}

// The element Tab has just focused: is it a visible control, and does it look focused?
function describeFocus() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { none: true };
  const parse = (s) => {
    const m = /rgba?\(([^)]+)\)/.exec(s || '');
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const lum = (c) => {
    const ch = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  // What the ring is drawn on: the first opaque background around the element.
  let around = { r: 255, g: 255, b: 255, a: 1 };
  for (let a = el.parentElement; a; a = a.parentElement) {
    const c = parse(getComputedStyle(a).backgroundColor);
    if (c && c.a >= 1) { around = c; break; }
  }
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const interactive = el.matches('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])');
  const visible = r.width > 0 && r.height > 0 && cs.visibility === 'visible' && r.bottom > 0 && r.right > 0
    && r.top < innerHeight && r.left < innerWidth;
  const outline = `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`;
  const before = window.__unfocused.get(el) || { outline: 'none 0px', shadow: 'none' };
  const hasOutline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && (parse(cs.outlineColor)?.a ?? 1) > 0;
  const hasShadow = cs.boxShadow && cs.boxShadow !== 'none';
  const changed = outline !== before.outline || cs.boxShadow !== before.shadow;
  // The ring must stand out from what surrounds it (WCAG 1.4.11, 3:1): at
  // least one of its colours (outline, or a box-shadow drawn with it) does.
  const colours = [hasOutline ? parse(cs.outlineColor) : null, hasShadow ? parse(cs.boxShadow) : null].filter((c) => c && c.a > 0);
  const best = Math.max(0, ...colours.map((c) => ratio(c, around)));
  const name = `${el.localName}${el.id ? '#' + el.id : ''}${el.dataset.field ? `[data-field=${el.dataset.field}]` : ''}${el.dataset.action ? `[data-action=${el.dataset.action}]` : ''}`
    + ` "${(el.textContent || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim().slice(0, 30)}"`;
  return { name, interactive, visible, indicator: changed && (hasOutline || hasShadow), outline, shadow: cs.boxShadow, ringRatio: Math.round(best * 100) / 100 };
}

// ---- The checks on one page in one state ----
const counts = [];
async function audit(page, label, { touchTargets = null, minNameSize = null, noOverflow = false } = {}) {
  const items = await page.evaluate(measureText);
  const judged = items.filter((i) => !i.disabled && !i.image && !i.unparsed);
  const badContrast = judged.filter((i) => i.ratio < (i.large ? 3 : 4.5))
    .map((i) => `${label}: ${i.path} "${i.text}" ${i.fg} on ${i.bg} = ${i.ratio}:1 (needs ${i.large ? 3 : 4.5}:1, ${i.size}px)`);
  const skipped = items.filter((i) => i.image || i.unparsed)
    .map((i) => `${label}: ${i.path} "${i.text}" — ${i.image ? `background image on ${i.image}` : `colour "${i.unparsed}" not understood`}`);
  const exempt = items.filter((i) => i.disabled && !i.image).length;
  const low = judged.reduce((m, i) => (!m || i.ratio < m.ratio ? i : m), null);
  checkList(badContrast, `${label}: contrast of ${judged.length} text elements ≥ 4.5:1 (3:1 large)${exempt ? `, ${exempt} in disabled controls exempt` : ''}`
    + (low ? `; lowest ${low.ratio}:1 (${low.fg} on ${low.bg}, "${low.text.slice(0, 20)}")` : ''));
  // A background image or a colour this test cannot read is not a pass.
  checkList(skipped, `${label}: every text element's background could be judged`);
  const small = items.filter((i) => i.size < 12).map((i) => `${label}: ${i.path} "${i.text}" is ${i.size}px`);
  checkList(small, `${label}: no text below 12px (${items.length} elements, smallest ${Math.min(...items.map((i) => i.size))}px)`);
  counts.push(`${label}: ${items.length}`);
  if (minNameSize) {
    const names = items.filter((i) => i.path.includes('span.name') && i.path.includes('button.field'));
    check(names.length > 0 && names.every((i) => i.size >= minNameSize),
      `${label}: the ${names.length} field names are ≥ ${minNameSize}px (${[...new Set(names.map((i) => i.size))].join(', ')}px)`);
  }
  if (touchTargets) {
    const buttons = await page.$$eval(touchTargets, (els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { name: `${e.localName}${e.id ? '#' + e.id : ''}${e.dataset.field ? `[data-field=${e.dataset.field}]` : ''} "${e.textContent.replace(/\s+/g, ' ').trim().slice(0, 30)}"`,
        w: Math.round(r.width * 10) / 10, h: Math.round(r.height * 10) / 10 };
    }).filter((b) => b.w > 0 && b.h > 0));
    checkList(buttons.filter((b) => b.w < 44 || b.h < 44).map((b) => `${label}: ${b.name} is ${b.w}×${b.h}`),
      `${label}: all ${buttons.length} buttons are at least 44×44 px`);
  }
  if (noOverflow) {
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
    check(sw <= iw, `${label}: nothing overflows sideways (scrollWidth ${sw} ≤ ${iw})`);
  }
}

// Up to `presses` Tab presses from the top of the page: each lands on a
// visible control that shows a focus ring of enough contrast.
async function focusWalk(page, label, stops = 8) {
  // Unfocused first (a page may have focused a field itself), then start from
  // the top: a click on the header (nothing to focus there) puts the
  // sequential focus starting point before every control.
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  await page.evaluate(snapshotUnfocused);
  await page.mouse.click(2, 2);
  const bad = [], seen = [];
  // A date input takes a Tab per part (day, month, year): up to 3 presses a stop.
  for (let i = 0, last = null; i < stops * 3 && seen.length < stops; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(describeFocus);
    if (f.none) break; // the end of the page (or a page with no controls)
    if (f.name === last) continue; // still inside the same control
    if (seen.includes(f.name)) break; // came round again
    seen.push(last = f.name);
    if (!f.interactive) bad.push(`${label}: Tab stop ${seen.length} is ${f.name}, which is not a control`);
    else if (!f.visible) bad.push(`${label}: Tab stop ${seen.length} is ${f.name}, which cannot be seen`);
    else if (!f.indicator) bad.push(`${label}: ${f.name} shows no focus indicator (outline ${f.outline}, box-shadow ${f.shadow})`);
    else if (f.ringRatio < 3) bad.push(`${label}: ${f.name}'s focus ring is ${f.ringRatio}:1 against its surroundings (needs 3:1; outline ${f.outline}, box-shadow ${f.shadow})`);
  }
  return { bad, seen };
}

async function expectFocus(page, label, { min = 1, stops = 8 } = {}) {
  const { bad, seen } = await focusWalk(page, label, stops);
  checkList(bad, `${label}: ${seen.length} Tab stops each show a visible focus ring (≥ 3:1)`);
  check(seen.length >= min, `${label}: Tab reaches at least ${min} control(s) (${seen.length})`);
}

const daemon = await t.daemon();
try {
  await daemon.start();
  // Some state to show: A001 (to be called at counter 1), A002 and B001
  // waiting, and the day's only petition ticket (its kiosk button disabled).
  const issue = async (field, id) => {
    const r = await daemon.api('POST', '/tickets', TOKENS.kiosk, { field, request_id: id });
    check(r.status === 201, `a ${field} ticket is issued (${r.status} ${r.body?.ticket?.code})`);
    return r.body.ticket;
  };
  const a001 = await issue('ho_tich', 'a11y-1');
  const a002 = await issue('ho_tich', 'a11y-2');
  await issue('chung_thuc', 'a11y-3');
  await issue('phan_anh', 'a11y-4');

  const browser = await t.launch();
  // Every request any page makes, every CSP refusal (script errors: t.watch).
  const requests = [], foreign = [], blocked = [];
  const open = async (label, viewport, path, opts = {}) => {
    const ctx = await browser.newContext({ viewport, baseURL: daemon.base, ...opts });
    await ctx.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window.__csp ||= []).push(`${e.violatedDirective} ${e.blockedURI || ''} ${e.sourceFile ? e.sourceFile.split('/').pop() + ':' + e.lineNumber : ''}`.trim());
      });
    });
    ctx.on('request', (r) => {
      const url = r.url();
      requests.push(url);
      if (!(url.startsWith(`${daemon.base}/`) || url.startsWith('data:') || url.startsWith('blob:'))) foreign.push(`${label}: ${url}`);
    });
    const page = await ctx.newPage();
    page.on('websocket', (ws) => { requests.push(ws.url()); if (!ws.url().startsWith(`ws://127.0.0.1:${daemon.port}/`)) foreign.push(`${label}: ${ws.url()}`); });
    t.watch(page, label);
    page.label = label;
    await page.goto(path);
    return page;
  };
  const cspOf = async (page) => { for (const v of await page.evaluate(() => window.__csp || [])) blocked.push(`${page.label}: ${v}`); };
  const waitText = (page, sel, text) => page.waitForFunction(([s, x]) => document.querySelector(s)?.textContent.includes(x), [sel, text], { timeout: WAIT });

  // ---- Kiosk, portrait 1080×1920, touch.
  const kiosk = await open('kiosk', { width: 1080, height: 1920 }, `/kiosk.html#token=${TOKENS.kiosk}`, { hasTouch: true });
  await waitText(kiosk, '[data-field="ho_tich"]', 'Đang chờ: 2');
  await waitText(kiosk, '[data-field="phan_anh"]', 'Đã hết số');
  await audit(kiosk, 'kiosk', { touchTargets: 'button', minNameSize: 24, noOverflow: true });
  await expectFocus(kiosk, 'kiosk', { min: 3 });
  await kiosk.click('#priority');
  await kiosk.waitForSelector('#priority-dialog:not(.hidden) #priority-list button');
  await audit(kiosk, 'kiosk priority dialog', { touchTargets: '#priority-dialog button' });
  await kiosk.click('#priority-list button.secondary'); // "no priority"
  await kiosk.click('[data-field="chung_thuc"]');
  await waitText(kiosk, '#t-code', 'B002');
  await kiosk.waitForFunction(() => document.querySelector('#t-qr').complete);
  await audit(kiosk, 'kiosk ticket', { touchTargets: '#ticket button' });
  await kiosk.click('#t-done');
  await cspOf(kiosk);

  // ---- Counter desk, 1280×800: the login form, then logged in at counter 1 with A001 called.
  const desk = await open('counter', { width: 1280, height: 800 }, '/counter.html');
  await desk.waitForFunction(() => !document.querySelector('#login').classList.contains('hidden') && document.querySelector('#l-counter').options.length > 0, null, { timeout: WAIT });
  await audit(desk, 'counter login', { noOverflow: true });
  await expectFocus(desk, 'counter login', { min: 4 });
  await desk.selectOption('#l-counter', '1');
  await desk.fill('#l-staff', 'nv01');
  await desk.fill('#l-pin', '1111');
  await desk.click('button[type=submit]');
  await waitText(desk, '#title', 'Quầy 1 — Nguyễn Thị Lan');
  await desk.keyboard.press('g');
  await waitText(desk, '#code', a001.code);
  await waitText(desk, '#message', a001.code);
  await desk.waitForFunction((c) => document.querySelector(`#queues [data-code="${c}"]`), a002.code, { timeout: WAIT });
  await audit(desk, 'counter', { noOverflow: true });
  await expectFocus(desk, 'counter', { min: 5 });
  await cspOf(desk);

  // ---- TV, 1920×1080, after the call.
  const tv = await open('tv', { width: 1920, height: 1080 }, `/tv.html#token=${TOKENS.display}`);
  await waitText(tv, '#conn', 'Trực tuyến');
  await waitText(tv, '#latest-code', a001.code);
  await waitText(tv, '#counters [data-counter="1"]', a001.code);
  await audit(tv, 'tv', { noOverflow: true });
  // A wall display has no controls; Tab must not land on anything hidden.
  const tvFocus = await focusWalk(tv, 'tv', 3);
  checkList(tvFocus.bad, `tv: no hidden Tab stops (${tvFocus.seen.length} controls; a display has none)`);
  await cspOf(tv);

  // ---- Dashboard, 1440×1100.
  const dash = await open('dashboard', { width: 1440, height: 1100 }, `/dashboard.html#token=${TOKENS.leader}`);
  await dash.waitForFunction(() => document.querySelector('#fields [data-field="ho_tich"] [data-col="issued"]')?.textContent === '2', null, { timeout: WAIT });
  await dash.waitForFunction(() => document.querySelector('#counters [data-counter="1"]')?.textContent.includes('Nguyễn Thị Lan'), null, { timeout: WAIT });
  // Everything the dashboard loads after its snapshot: history charts, devices, today's report.
  await dash.waitForFunction(() => ['#arrivals text', '#waits text', '#devices tbody tr', '#printers tbody tr',
    '#report tfoot tr', '#r-days text', '#r-hours text'].every((s) => document.querySelector(s))
    && document.querySelector('#r-status').textContent.trim() !== '', null, { timeout: WAIT });
  await audit(dash, 'dashboard', { noOverflow: true });
  await expectFocus(dash, 'dashboard', { min: 4 });
  await cspOf(dash);

  // ---- The status page on a phone, 390×844: a waiting ticket and the called one.
  for (const [label, tk, shows] of [['status (waiting)', a002, '#ahead'], ['status (called)', a001, '#goto']]) {
    const phone = await open(label, { width: 390, height: 844 }, new URL(tk.status_url).pathname,
      { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await waitText(phone, '#code', tk.code);
    await phone.waitForFunction((s) => document.querySelector(s).textContent.trim() !== '', shows, { timeout: WAIT });
    await audit(phone, label, { touchTargets: 'button', noOverflow: true });
    await expectFocus(phone, label, { min: 2 });
    await cspOf(phone);
  }

  // ---- The booking page on a phone: the field step, then the days of the first field.
  const booking = await open('booking', { width: 390, height: 844 }, '/booking.html',
    { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await booking.waitForSelector('#fields button', { timeout: WAIT });
  await audit(booking, 'booking', { touchTargets: 'button', noOverflow: true });
  await expectFocus(booking, 'booking', { min: 3 });
  await booking.click('#fields button');
  await booking.waitForSelector('#step-day:not(.hidden) #days button', { timeout: WAIT });
  await audit(booking, 'booking days', { touchTargets: 'button', noOverflow: true });
  await cspOf(booking);

  // ---- The information screens: the editor, the TV's band, the kiosk's notices and sheet.
  await auditInformationScreens({ daemon, TOKENS, open, audit, expectFocus, focusWalk, checkList, check, cspOf, waitText });

  checkList(foreign, `every one of the ${requests.length} requests went to the daemon (${daemon.base}) or was data:/blob:`);
  check(requests.some((u) => u.endsWith('/css/qms.css')) && requests.some((u) => u.includes('/js/')), 'the stylesheet and scripts came from the daemon');
  checkList(blocked, 'the pages break none of their Content-Security-Policy (no inline style or script refused)');
  console.log(`     (text elements checked: ${counts.join('; ')})`);
} catch (e) {
  t.crashed(e, daemon);
}
await t.finish(daemon);
