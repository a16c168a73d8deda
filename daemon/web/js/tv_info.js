// The TV's information band (issue 13), below the calls: paused counters
// explained — reason, expected return, the office's apology — so nobody waits
// unexplained, and the editors' notices and the fields' procedure sheets in
// turn, one page every `page_seconds`. Reads GET /info?screen=tv again when
// the stream says content or a counter's pause changed, and when a notice is
// due to start or end. Its own stream, so tv.js needs no hook but the
// <section id="tv-info"> it fills.
import { Api, tokenFromFragment } from './api.js';
import { followInfo } from './info_feed.js';
import { t, has, currentLang } from './i18n.js';
import './info_texts.js';
import { h, $, clockTime } from './dom.js';

const token = tokenFromFragment('qms.display.token');
const api = new Api(() => token);
const RELOAD_ON = new Set(['notice_saved', 'notice_deleted', 'procedure_saved', 'procedure_deleted',
  'counter_paused', 'counter_resumed', 'counter_closed', 'counter_opened']);
const DOCS_PER_PAGE = 5; // a sheet with more documents continues on the next page

let info = null;
let pages = [];
let index = 0;
let rotateTimer = null;

const reasonName = (p) => (currentLang() === 'en' && has(`pause.${p.reason}`) ? t(`pause.${p.reason}`) : p.reason_name);

// One notice is one page; a procedure sheet one page per DOCS_PER_PAGE documents,
// its fees, time and legal basis on the last.
function buildPages(i) {
  const out = [];
  for (const n of i.notices) {
    out.push({ kind: 'notice', id: n.id, node: () => [
      h('div.tv-kind', {}, t('info.notice')),
      h('h2.tv-title', {}, n.title || ''),
      h('p.tv-text', {}, n.text)] });
  }
  for (const p of i.procedures) {
    const chunks = [];
    for (let k = 0; k < Math.max(p.documents.length, 1); k += DOCS_PER_PAGE) chunks.push(p.documents.slice(k, k + DOCS_PER_PAGE));
    chunks.forEach((docs, k) => {
      const last = k === chunks.length - 1;
      out.push({ kind: 'procedure', id: p.field, node: () => [
        h('div.tv-kind', {}, t('info.procedure', { f: p.field_name }) + (k > 0 ? ` ${t('info.more')}` : '')),
        docs.length ? h('div.tv-sub', {}, t('info.documents')) : null,
        docs.length ? h('ul.tv-docs', {}, docs.map((d) => h('li', {}, d))) : null,
        last && p.fees ? h('p.tv-fact', {}, h('strong', {}, `${t('info.fees')}: `), p.fees) : null,
        last && p.processing_time ? h('p.tv-fact', {}, h('strong', {}, `${t('info.time')}: `), p.processing_time) : null,
        last && p.notes ? h('p.tv-fact', {}, h('strong', {}, `${t('info.notes')}: `), p.notes) : null,
        last && p.legal_basis ? h('p.tv-legal', {}, `${t('info.legal')}: ${p.legal_basis}`) : null] });
    });
  }
  return out;
}

function renderPaused(el) {
  const paused = info ? info.paused : [];
  el.classList.toggle('hidden', paused.length === 0);
  el.replaceChildren(...(paused.length ? [
    h('h2', {}, t('info.paused.title')),
    h('ul', {}, paused.map((p) => h('li', { dataset: { counter: p.counter } },
      h('strong', {}, t('info.paused', { c: p.name, r: reasonName(p) })),
      h('span.back', {}, p.expected_back ? t('info.back', { t: clockTime(p.expected_back) }) : t('info.noback'))))),
    h('p.apology', {}, info.apology)] : []));
}

function renderPanel(el) {
  el.classList.toggle('hidden', pages.length === 0);
  if (!pages.length) { el.replaceChildren(); return; }
  const page = pages[index % pages.length];
  el.dataset.kind = page.kind;
  el.dataset.id = page.id;
  // Through h(): it leaves out the parts a page does not have (null), replaceChildren would print "null".
  el.replaceChildren(...h('div', {}, page.node(), pages.length > 1 ? h('div.tv-dots', {}, `${(index % pages.length) + 1}/${pages.length}`) : null).childNodes);
}

function render() {
  const root = $('#tv-info');
  if (!root) return;
  if (!root.firstChild) root.append(h('div.tv-paused.hidden', { id: 'tv-paused' }), h('div.tv-panel.hidden', { id: 'tv-panel' }));
  renderPaused($('#tv-paused'));
  renderPanel($('#tv-panel'));
  const any = !!info && (info.paused.length > 0 || pages.length > 0);
  document.body.classList.toggle('has-info', any);
  root.classList.toggle('both', !!info && info.paused.length > 0 && pages.length > 0);
}

function rotate() {
  clearInterval(rotateTimer);
  const seconds = info ? info.page_seconds : 12;
  rotateTimer = setInterval(() => { index++; render(); }, seconds * 1000);
}

followInfo({
  api, token: () => token, screen: 'tv', reloadOn: RELOAD_ON,
  onInfo: (i) => {
    info = i;
    const before = pages.length ? pages[index % pages.length].id : null;
    pages = buildPages(info);
    const same = pages.findIndex((p) => p.id === before); // keep the page on screen if it is still there
    index = same >= 0 ? same : 0;
    render();
    rotate();
  },
});
