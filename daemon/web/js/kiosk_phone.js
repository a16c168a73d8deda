// The kiosk's "text me when my turn is near": shown only when the office
// sends SMS ([messages] enabled). A touch keypad (kiosks have no keyboard)
// takes the number; it goes with the next ticket only, then is forgotten.
// The daemon checks it (Vietnamese formats) and keeps it masked everywhere.
import { t } from './i18n.js';
import { h, $ } from './dom.js';

let phone = null;
let draft = '';

const masked = (p) => (p.length >= 10 ? `${p.slice(0, 3)}****${p.slice(-3)}` : p);
const plausible = (d) => /^0\d{9,10}$/.test(d);

export function phoneForTicket() { return phone; }
export function forgetPhone() { phone = null; renderPhoneButton(); }

export function renderPhoneButton() {
  const b = $('#phone');
  if (!b) return;
  b.textContent = phone ? t('kiosk.phone.on', { p: masked(phone) }) : t('kiosk.phone');
  b.setAttribute('aria-pressed', phone ? 'true' : 'false');
}

function renderDraft() {
  $('#phone-digits').textContent = draft || '—';
  $('#phone-ok').disabled = !plausible(draft);
}

function openPad() {
  draft = phone || '';
  const dlg = $('#phone-dialog');
  const key = (label, onclick, cls = '.btn.secondary') => h(`button${cls}`, { type: 'button', onclick }, label);
  const digit = (d) => key(String(d), () => { if (draft.length < 11) { draft += d; renderDraft(); } });
  $('#phone-pad').replaceChildren(
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map(digit),
    key(t('kiosk.phone.erase'), () => { draft = draft.slice(0, -1); renderDraft(); }),
    digit(0),
    key(t('kiosk.phone.clear'), () => { draft = ''; renderDraft(); }));
  renderDraft();
  dlg.classList.remove('hidden');
  $('#phone-pad button').focus();
}

function close(keep) {
  if (keep) phone = plausible(draft) ? draft : null;
  $('#phone-dialog').classList.add('hidden');
  renderPhoneButton();
  $('#phone').focus();
}

// `enabled`: /health says the office sends messages.
export function wirePhone(enabled) {
  const b = $('#phone');
  b.classList.toggle('hidden', !enabled);
  if (!enabled) return;
  b.addEventListener('click', openPad);
  $('#phone-ok').addEventListener('click', () => close(true));
  $('#phone-none').addEventListener('click', () => { draft = ''; close(true); });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && !$('#phone-dialog').classList.contains('hidden')) close(false);
  });
  renderPhoneButton();
}
