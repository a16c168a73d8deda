// The kiosk's information (issue 13): the editors' notices for kiosks, one at
// a time above the fields, and "what do I need to bring?" — a field with a
// procedure sheet shows it before its ticket is taken, with "take a number"
// and "back". kiosk.js calls beforeTake(field, take) instead of take(field).
import { Api, tokenFromFragment } from './api.js';
import { followInfo } from './info_feed.js';
import { t, onLangChange } from './i18n.js';
import './info_texts.js';
import { h, $ } from './dom.js';

const token = tokenFromFragment('qms.kiosk.token');
const api = new Api(() => token);
const RELOAD_ON = new Set(['notice_saved', 'notice_deleted', 'procedure_saved', 'procedure_deleted']);
// The second tap of a double tap lands on the sheet that the first opened:
// its buttons wait this long before they act.
const GUARD_MS = 600;
const IDLE_MS = 60000; // an abandoned sheet closes by itself

let info = null;
let noticeIndex = 0;
let rotateTimer = null;
let openedAt = 0;
let idleTimer = null;
let pending = null; // the take() of the field whose sheet is open
let returnFocus = null;

function sheetOf(fieldId) {
  return info ? info.procedures.find((p) => p.field === fieldId) : undefined;
}

function renderNotices() {
  let box = $('#kiosk-notices');
  if (!box) {
    box = h('section.kiosk-notices.hidden', { id: 'kiosk-notices', 'aria-label': t('info.notice') });
    const main = $('main');
    if (!main) return;
    main.prepend(box);
  }
  const list = info ? info.notices : [];
  box.classList.toggle('hidden', list.length === 0);
  if (!list.length) { box.replaceChildren(); return; }
  const n = list[noticeIndex % list.length];
  box.dataset.id = n.id;
  box.replaceChildren(...[n.title ? h('strong', {}, n.title) : null, h('p', {}, n.text),
    list.length > 1 ? h('small', {}, `${(noticeIndex % list.length) + 1}/${list.length}`) : null].filter(Boolean));
}

function dialog() {
  let d = $('#bring');
  if (d) return d;
  d = h('div.overlay.hidden', { id: 'bring', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'bring-title' },
    h('div.card.bring', {},
      h('h2', { id: 'bring-title' }),
      h('p.fname', { id: 'bring-field' }),
      h('div.bring-body', { id: 'bring-body' }),
      h('div.bring-actions', {},
        h('button.btn', { type: 'button', id: 'bring-take', onclick: () => choose(true) }),
        h('button.btn.secondary', { type: 'button', id: 'bring-back', onclick: () => choose(false) }))));
  document.body.append(d);
  document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape' && !d.classList.contains('hidden')) close(); });
  return d;
}

function fact(label, text) {
  return text ? h('p.bring-fact', {}, h('strong', {}, `${label}: `), text) : null;
}

function showSheet(field, sheet) {
  const d = dialog();
  $('#bring-title').textContent = t('kiosk.bring');
  $('#bring-field').textContent = field.name;
  $('#bring-body').replaceChildren(...[
    sheet.documents.length ? h('h3', {}, t('info.documents')) : null,
    sheet.documents.length ? h('ul.bring-docs', {}, sheet.documents.map((x) => h('li', {}, x))) : null,
    fact(t('info.fees'), sheet.fees), fact(t('info.time'), sheet.processing_time), fact(t('info.notes'), sheet.notes),
    sheet.legal_basis ? h('p.bring-legal', {}, `${t('info.legal')}: ${sheet.legal_basis}`) : null].filter(Boolean));
  $('#bring-take').textContent = t('kiosk.bring.take');
  $('#bring-back').textContent = t('kiosk.bring.back');
  returnFocus = document.activeElement;
  d.classList.remove('hidden');
  openedAt = Date.now();
  $('#bring-take').focus();
  clearTimeout(idleTimer);
  idleTimer = setTimeout(close, IDLE_MS);
}

function close() {
  clearTimeout(idleTimer);
  pending = null;
  $('#bring')?.classList.add('hidden');
  if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
}

function choose(take) {
  if (Date.now() - openedAt < GUARD_MS) return;
  const go = pending;
  close();
  if (take && go) go();
}

// The hook kiosk.js calls on a field's button.
export function beforeTake(field, take) {
  const sheet = sheetOf(field.id);
  if (!sheet) { take(); return; }
  pending = take;
  showSheet(field, sheet);
}

function rotate() {
  clearInterval(rotateTimer);
  rotateTimer = setInterval(() => { noticeIndex++; renderNotices(); }, (info ? info.page_seconds : 12) * 1000);
}

onLangChange(renderNotices);
followInfo({
  api, token: () => token, screen: 'kiosk', reloadOn: RELOAD_ON,
  onInfo: (i) => { info = i; renderNotices(); rotate(); },
});
