// Tiny DOM helpers: h('div.cls', {attrs}, children…) and formatting.
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

// "1:05" / "12:03:10" from seconds.
export function duration(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  const p = (n) => String(n).padStart(2, '0');
  return hh ? `${hh}:${p(mm)}:${p(ss)}` : `${mm}:${p(ss)}`;
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
