// Plain SVG charts for the dashboard (no chart library over the internet).
const NS = 'http://www.w3.org/2000/svg';
export const COLORS = ['#0b3d91', '#b91c1c', '#166534', '#92400e', '#6b21a8', '#0e7490', '#be185d'];
const W = 600, H = 240, L = 36, B = 24, T = 10;

function el(name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function frame(svg, max) {
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.replaceChildren();
  const y = (v) => H - B - ((H - B - T) * v) / max;
  for (const v of max >= 2 ? [0, Math.round(max / 2), max] : [0, max]) {
    svg.append(el('line', { x1: L, x2: W, y1: y(v), y2: y(v), stroke: '#cbd5e1' }),
      el('text', { x: L - 4, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11 }, String(Math.round(v))));
  }
  return y;
}

// [[label, value]] as bars.
export function barChart(svg, data) {
  const max = Math.max(1, ...data.map((d) => d[1]));
  const y = frame(svg, max);
  const bw = (W - L) / Math.max(1, data.length);
  const every = Math.ceil(data.length / 16); // a label on every bar up to 16 bars (a long range of days)
  const gap = bw > 8 ? 3 : 0.5;
  data.forEach(([label, v], i) => {
    const x = L + i * bw;
    svg.append(el('rect', { x: x + gap, width: bw - 2 * gap, y: y(v), height: H - B - y(v), fill: '#0b3d91' }, undefined));
    if (i % every === 0) svg.append(el('text', { x: x + bw / 2, y: H - 8, 'text-anchor': 'middle', 'font-size': 11 }, label));
    if (v && bw >= 18) svg.append(el('text', { x: x + bw / 2, y: y(v) - 3, 'text-anchor': 'middle', 'font-size': 11 }, String(v)));
  });
  svg.setAttribute('aria-label', data.map(([l, v]) => `${l}: ${v}`).join(', '));
}

// [{name, color, points: [[minute of day, value]]}] over office hours (widened to fit the points).
export function lineChart(svg, series) {
  const max = Math.max(1, Math.ceil(Math.max(0, ...series.flatMap((s) => s.points.map((p) => p[1])))));
  const y = frame(svg, max);
  const minutes = series.flatMap((s) => s.points.map((p) => p[0]));
  const from = Math.floor(Math.min(420, ...minutes) / 60) * 60, to = Math.ceil(Math.max(1020, ...minutes) / 60) * 60;
  const x = (m) => L + ((W - L - 10) * (m - from)) / (to - from);
  const step = to - from > 720 ? 4 : 2;
  for (let hh = from / 60; hh <= to / 60; hh += step) svg.append(el('text', { x: x(hh * 60), y: H - 8, 'text-anchor': 'middle', 'font-size': 11 }, `${hh}h`));
  for (const s of series) {
    const pts = s.points.map(([m, v]) => `${x(m)},${y(v)}`).join(' ');
    svg.append(el('polyline', { points: pts, fill: 'none', stroke: s.color, 'stroke-width': 2 }));
    for (const [m, v] of s.points) svg.append(el('circle', { cx: x(m), cy: y(v), r: 3, fill: s.color }));
  }
}
