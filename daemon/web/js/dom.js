// Tiny DOM helpers: h('div.cls', {attrs}, children…) and formatting.
import { currentLang, onLangChange } from './i18n.js';

export function h(tag, attrs = {}, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);

// A duration in words, the one format every page uses: "45 giây",
// "2 phút 39 giây" (seconds only under ten minutes, where they still matter),
// "13 phút", "1 giờ 5 phút"; in English "45 s", "2 min 39 s", "13 min", "1 h 5 min".
export function duration(seconds, lang = currentLang()) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) return '–';
  const u = lang === 'en' ? { h: 'h', m: 'min', s: 's' } : { h: 'giờ', m: 'phút', s: 'giây' };
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} ${u.s}`;
  if (s < 600) return s % 60 ? `${Math.floor(s / 60)} ${u.m} ${s % 60} ${u.s}` : `${s / 60} ${u.m}`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} ${u.m}`;
  return m % 60 ? `${Math.floor(m / 60)} ${u.h} ${m % 60} ${u.m}` : `${m / 60} ${u.h}`;
}

// The office's name and its one-stop section ("Bộ phận tiếp nhận và trả kết
// quả") in the page's #office and #unit, from GET /health; retried until the
// daemon answers, and the unit follows the language switch.
export function showOffice(api) {
  let health = null;
  const render = () => {
    if (!health) return;
    const office = document.getElementById('office');
    const unit = document.getElementById('unit');
    if (office) office.textContent = health.office || '';
    if (unit) unit.textContent = (currentLang() === 'en' && health.unit_en) || health.unit || '';
  };
  onLangChange(render);
  (async () => {
    for (let delay = 500; !health; delay = Math.min(5000, delay * 2)) {
      try { health = await api.get('/health'); } catch { await new Promise((r) => setTimeout(r, delay)); }
    }
    render();
  })();
}

// "08:15" from an ISO time with the office's offset, as the office sees it.
export function clockTime(iso) {
  if (!iso) return '';
  const m = iso.match(/T(\d\d):(\d\d)/);
  return m ? `${m[1]}:${m[2]}` : '';
}

export function secondsSince(iso) {
  return iso ? (Date.now() - Date.parse(iso)) / 1000 : null;
}

// The connection badge every live page shows.
export function connectionBadge(el, t) {
  return (state) => {
    el.dataset.state = state;
    el.textContent = t(state === 'live' ? 'status.live' : 'status.offline');
  };
}
