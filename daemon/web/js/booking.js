// The citizen's booking page (/booking.html), phone first, no token: choose a
// field, a day, a time slot (full or closed ones disabled, free places shown),
// give a name and a mobile number, and get a booking code with its QR to show
// at the kiosk ("Tôi có lịch hẹn"). The second mode looks a booking up by code
// and phone, and cancels or moves it. booking.html?code=X opens that mode with
// the code filled in (the booking's url, also what its QR holds).
// Every refusal shows the daemon's own text and, where the citizen can act on
// it (slot_full, already_booked, slot_closed, rate_limited…), what to do.
import { Api, ApiError } from './api.js';
import { t, wireLangSwitch, onLangChange } from './i18n.js';
import { h, $, showOffice } from './dom.js';
import { named, fieldNameOf, dayText, dayMonth, weekdayOf, bookingError, codeFrom } from './booking_texts.js';

const api = new Api();
let info = null;     // GET /booking
let mode = 'book';
const pick = { field: null, day: null, time: null };
let slotList = null; // GET /booking/slots of pick.field and pick.day
let shown = null;    // { booking, phone, fresh } on screen
let moving = null;   // { day, time, slots } while a new time is chosen for `shown`
let sending = false;

// Spaces, dots and dashes people type in a number ("0912 345 678").
const cleanPhone = (s) => s.replace(/[\s.\-()]/g, '');
const fieldById = (id) => (info ? info.fields.find((f) => f.id === id) : null);

// ---- messages ----

function showError(el, e, extra) {
  const [main, more] = e instanceof ApiError || (e && e.code) ? bookingError(e, extra) : [String(e), ''];
  el.replaceChildren(main, more ? h('small', {}, more) : '');
  el.dataset.code = (e && e.code) || '';
  el.classList.remove('hidden');
  el.scrollIntoView({ block: 'nearest' });
}
function hideError(el) { el.classList.add('hidden'); el.replaceChildren(); }

// ---- step 1: fields ----

function renderFields() {
  if (!info) return;
  const box = $('#fields');
  if (!info.enabled) { box.replaceChildren(h('p.alert.bad', {}, t('bk.disabled'))); return; }
  if (!info.fields.length) { box.replaceChildren(h('p.sub', {}, t('bk.nofields'))); return; }
  box.replaceChildren(...info.fields.map((f) => h('button.choice', {
    type: 'button', dataset: { field: f.id }, 'aria-pressed': pick.field === f.id ? 'true' : 'false',
    onclick: () => chooseField(f.id),
  }, h('span.name', {}, named(f)))));
}

function chooseField(id) {
  pick.field = id;
  pick.time = null;
  renderFields();
  $('#step-day').classList.remove('hidden');
  $('#step-who').classList.add('hidden');
  renderDays($('#days'), pick.day, chooseDay);
  if (pick.day) loadSlots(); else { $('#step-slot').classList.add('hidden'); focusStep('#h-day'); }
}

// ---- step 2: days (also the move picker's) ----

function renderDays(box, selected, onPick) {
  box.replaceChildren(...info.days.map((d, i) => h('button.choice.day', {
    type: 'button', dataset: { day: d.day }, disabled: !d.open, 'aria-pressed': selected === d.day ? 'true' : 'false',
    onclick: () => onPick(d.day),
  }, h('span.name', {}, i === 0 ? t('bk.today') : t(`wd.${d.weekday ?? weekdayOf(d.day)}`)),
  h('span.meta', {}, dayMonth(d.day)),
  d.open ? null : h('span.meta.closed', {}, t('bk.day.closed')))));
}

function chooseDay(day) {
  pick.day = day;
  pick.time = null;
  renderDays($('#days'), pick.day, chooseDay);
  $('#step-who').classList.add('hidden');
  loadSlots();
}

// ---- step 3: slots (also the move picker's) ----

async function fetchSlots(field, day) {
  return api.get(`/booking/slots?field=${encodeURIComponent(field)}&day=${encodeURIComponent(day)}`);
}

async function loadSlots({ focus = true } = {}) {
  const { field, day } = pick;
  $('#step-slot').classList.remove('hidden');
  $('#slots').replaceChildren(h('p.sub', {}, t('bk.loading')));
  try {
    const r = await fetchSlots(field, day);
    if (pick.field !== field || pick.day !== day) return; // chosen again meanwhile
    slotList = r;
    renderSlots($('#slots'), slotList, pick.time, chooseSlot);
    if (focus) focusStep('#h-slot');
  } catch (e) {
    $('#slots').replaceChildren();
    showError($('#page-error'), e);
  }
}

function slotState(s) {
  if (s.free <= 0) return 'full';
  return s.open ? 'open' : 'past';
}

function renderSlots(box, r, selected, onPick) {
  if (!r) { box.replaceChildren(); return; }
  if (!r.open) { box.replaceChildren(h('p.sub', {}, t('bk.dayclosed'))); return; }
  const buttons = r.slots.map((s) => {
    const st = slotState(s);
    return h('button.choice.slot', {
      type: 'button', dataset: { time: s.time, state: st }, disabled: st !== 'open',
      'aria-pressed': selected === s.time ? 'true' : 'false', onclick: () => onPick(s.time),
    }, h('span.name', {}, s.time), h('span.meta', {}, st === 'open' ? t('bk.free', { n: s.free }) : t(st === 'full' ? 'bk.full' : 'bk.past')));
  });
  const any = r.slots.some((s) => slotState(s) === 'open');
  box.replaceChildren(...(any ? [] : [h('p.sub', {}, t('bk.noslots'))]), ...buttons);
}

function chooseSlot(time) {
  pick.time = time;
  renderSlots($('#slots'), slotList, pick.time, chooseSlot);
  hideError($('#book-error'));
  $('#step-who').classList.remove('hidden');
  renderSummary();
  $('#b-name').focus({ preventScroll: true });
  $('#step-who').scrollIntoView({ block: 'start', behavior: 'smooth' });
}

function slotOf(list, time) { return list && list.slots.find((s) => s.time === time); }

function renderSummary() {
  if (!pick.time) return;
  const s = slotOf(slotList, pick.time);
  $('#summary').textContent = t('bk.summary', {
    f: named(fieldById(pick.field)), d: dayText(pick.day), t: s ? `${s.time}–${s.end}` : pick.time,
  });
}

function focusStep(sel) {
  const el = $(sel);
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

// ---- step 4: confirm ----

async function confirmBooking(ev) {
  ev.preventDefault();
  if (sending) return;
  const err = $('#book-error');
  hideError(err);
  const name = $('#b-name').value.trim();
  const phone = cleanPhone($('#b-phone').value);
  if (!name) { $('#b-name').focus(); return showError(err, { code: 'invalid_argument', vi: 'Xin nhập họ và tên.', en: 'Please type your name.' }); }
  if (!phone) { $('#b-phone').focus(); return showError(err, { code: 'invalid_argument', vi: 'Xin nhập số điện thoại di động.', en: 'Please type your mobile number.' }); }
  sending = true;
  $('#b-confirm').disabled = true;
  $('#b-confirm').textContent = t('bk.sending');
  try {
    const r = await api.post('/bookings', { field: pick.field, day: pick.day, time: pick.time, name, phone });
    show(r.booking, phone, { fresh: true });
    $('#b-name').value = '';
    $('#b-phone').value = '';
  } catch (e) {
    showError(err, e);
    // The slot went (or closed) meanwhile: show the slots as they are now.
    if (e instanceof ApiError && (e.code === 'slot_full' || e.code === 'slot_closed')) {
      pick.time = null;
      $('#step-who').classList.add('hidden');
      await loadSlots({ focus: false });
      showError($('#page-error'), e);
      focusStep('#h-slot');
    }
  } finally {
    sending = false;
    $('#b-confirm').disabled = false;
    $('#b-confirm').textContent = t('bk.confirm');
  }
}

// ---- the booking on screen ----

function show(booking, phone, { fresh = false, status = '' } = {}) {
  shown = { booking, phone, fresh };
  moving = null;
  hideError($('#page-error'));
  $('#book').classList.add('hidden');
  $('#lookup').classList.add('hidden');
  // A reload, a bookmark or a shared link opens this booking's lookup.
  history.replaceState(null, '', `${location.pathname}?code=${encodeURIComponent(booking.code)}`);
  renderResult(status);
  $('#r-title').focus({ preventScroll: true });
  $('#result').scrollIntoView({ block: 'start' });
}

function fact(label, value, key) {
  return [h('dt', {}, label), h('dd', { dataset: { f: key } }, value)];
}

function renderResult(status) {
  if (!shown) return;
  const b = shown.booking;
  const booked = b.state === 'booked';
  $('#result').classList.remove('hidden');
  $('#result').dataset.state = b.state;
  $('#r-title').textContent = shown.fresh && booked ? t('bk.made') : t('bk.found');
  const st = $('#r-status');
  if (status !== undefined) { st.textContent = status; st.classList.toggle('hidden', !status); }
  $('#r-code').textContent = b.code;
  $('#r-facts').replaceChildren(
    ...fact(t('bk.f.field'), fieldNameOf(b), 'field'),
    ...fact(t('bk.f.day'), dayText(b.day), 'day'),
    ...fact(t('bk.f.time'), `${b.time}–${b.end}`, 'time'),
    ...(booked ? fact(t('bk.f.checkin'), t('bk.window', { a: b.checkin_from, b: b.checkin_until }), 'checkin') : []),
    ...fact(t('bk.f.name'), b.name, 'name'),
    ...fact(t('bk.f.phone'), b.phone, 'phone'),
    ...fact(t('bk.f.state'), t(`bkstate.${b.state}`), 'state'),
    ...(b.ticket ? fact(t('bk.f.ticket'), b.ticket, 'ticket') : []));
  // Drawn by the daemon (as the kiosk's ticket QR): the booking's url.
  $('#r-qr-box').classList.toggle('hidden', !booked);
  const qr = $('#r-qr');
  // Asked for with the holder's phone, as the booking itself (no probing for codes).
  const src = `/api/v1/bookings/${encodeURIComponent(b.code)}/qr.svg?phone=${encodeURIComponent(shown.phone)}`;
  if (booked && qr.getAttribute('src') !== src) qr.src = src;
  qr.alt = t('bk.qr.alt', { c: b.code });
  qr.dataset.url = b.url || '';
  $('#r-how').replaceChildren(...(booked ? [
    t('bk.how', { d: dayText(b.day), c: b.code, a: b.checkin_from, b: b.checkin_until }), ' ',
    h('small', {}, t('bk.late.note', { b: b.checkin_until }))] : []));
  $('#r-link').replaceChildren(...(booked && b.url ? [t('bk.keep'), ' ', h('a', { href: b.url }, b.url)] : []));
  renderActions();
  renderMove();
  $('#r-again').classList.remove('hidden');
}

function renderActions(asking = false) {
  const b = shown.booking;
  const box = $('#r-actions');
  if (b.state !== 'booked') { box.replaceChildren(); return; }
  if (asking) {
    box.replaceChildren(h('p.bk-ask', {}, t('bk.cancel.ask')),
      h('button.btn.danger', { type: 'button', id: 'r-cancel-yes', onclick: cancelBooking }, t('bk.cancel.yes')),
      h('button.btn.secondary', { type: 'button', id: 'r-cancel-no', onclick: () => { renderActions(); $('#r-cancel').focus(); } }, t('bk.no')));
    $('#r-cancel-no').focus();
    return;
  }
  box.replaceChildren(
    h('button.btn.secondary', { type: 'button', id: 'r-move-open', 'aria-expanded': moving ? 'true' : 'false', onclick: openMove }, t('bk.move')),
    h('button.btn.secondary.bad-ink', { type: 'button', id: 'r-cancel', onclick: () => renderActions(true) }, t('bk.cancel')));
}

async function cancelBooking() {
  if (sending) return;
  sending = true;
  hideError($('#r-error'));
  const b = shown.booking;
  try {
    const r = await api.post(`/bookings/${encodeURIComponent(b.code)}/cancel`, { phone: shown.phone });
    shown.booking = r.booking;
    shown.fresh = false;
    moving = null;
    renderResult(t('bk.cancelled', { c: r.booking.code }));
    $('#r-title').focus();
  } catch (e) {
    renderActions();
    showError($('#r-error'), e);
  } finally {
    sending = false;
  }
}

// ---- moving to another day or time (the same field) ----

function openMove() {
  const b = shown.booking;
  moving = { day: b.day, time: null, slots: null };
  renderActions();
  renderMove();
  loadMoveSlots();
  $('#r-move h3').focus();
}

async function loadMoveSlots() {
  const { day } = moving;
  try {
    const r = await fetchSlots(shown.booking.field, day);
    if (!moving || moving.day !== day) return;
    moving.slots = r;
    renderMove();
  } catch (e) {
    showError($('#r-error'), e);
  }
}

function renderMove() {
  const box = $('#r-move');
  box.classList.toggle('hidden', !moving);
  if (!moving) { box.replaceChildren(); return; }
  const b = shown.booking;
  const days = h('div.bk-choices.bk-days', { id: 'move-days', role: 'group', 'aria-label': t('bk.step.day') });
  renderDays(days, moving.day, (day) => { moving = { day, time: null, slots: null }; renderMove(); loadMoveSlots(); });
  const slots = h('div.bk-choices.bk-slots', { id: 'move-slots', role: 'group', 'aria-label': t('bk.step.slot') });
  if (moving.slots) {
    // Its own slot is not a place to move to.
    const list = { ...moving.slots, slots: moving.slots.slots.map((s) => (moving.day === b.day && s.time === b.time ? { ...s, open: false } : s)) };
    renderSlots(slots, list, moving.time, (time) => { moving.time = time; renderMove(); $('#r-move-confirm').focus(); });
  } else {
    slots.append(h('p.sub', {}, t('bk.loading')));
  }
  const s = moving.time ? slotOf(moving.slots, moving.time) : null;
  box.replaceChildren(
    h('h3', { tabindex: '-1' }, t('bk.move.title')), days, slots,
    h('div.bk-actions', {},
      s ? h('button.btn', { type: 'button', id: 'r-move-confirm', onclick: moveBooking },
        t('bk.move.confirm', { t: `${s.time}–${s.end}`, d: dayText(moving.day) })) : null,
      h('button.btn.secondary', { type: 'button', id: 'r-move-close', onclick: () => { moving = null; renderActions(); renderMove(); $('#r-move-open').focus(); } }, t('bk.move.close'))));
}

async function moveBooking() {
  if (sending || !moving || !moving.time) return;
  sending = true;
  hideError($('#r-error'));
  const { day, time } = moving;
  try {
    const r = await api.post(`/bookings/${encodeURIComponent(shown.booking.code)}/move`, { phone: shown.phone, day, time });
    shown.booking = r.booking;
    moving = null;
    renderResult(t('bk.moved', { t: `${r.booking.time}–${r.booking.end}`, d: dayText(r.booking.day) }));
    $('#r-title').focus();
  } catch (e) {
    showError($('#r-error'), e);
    if (e instanceof ApiError && (e.code === 'slot_full' || e.code === 'slot_closed') && moving) {
      moving.time = null;
      loadMoveSlots();
    }
  } finally {
    sending = false;
  }
}

// ---- lookup ----

async function lookup(ev) {
  ev.preventDefault();
  if (sending) return;
  const err = $('#lookup-error');
  hideError(err);
  const code = codeFrom($('#l-code').value);
  const phone = cleanPhone($('#l-phone').value);
  if (!code) { $('#l-code').focus(); return showError(err, { code: 'invalid_argument', vi: 'Xin nhập mã lịch hẹn.', en: 'Please type the booking code.' }); }
  if (!phone) { $('#l-phone').focus(); return showError(err, { code: 'invalid_argument', vi: 'Xin nhập số điện thoại đã dùng khi đặt lịch.', en: 'Please type the phone number you booked with.' }); }
  sending = true;
  $('#l-go').disabled = true;
  try {
    const r = await api.get(`/bookings/${encodeURIComponent(code)}?phone=${encodeURIComponent(phone)}`);
    show(r.booking, phone);
  } catch (e) {
    showError(err, e);
  } finally {
    sending = false;
    $('#l-go').disabled = false;
  }
}

// ---- modes ----

function setMode(m, { focus = true } = {}) {
  mode = m;
  shown = null;
  moving = null;
  $('#result').classList.add('hidden');
  $('#r-again').classList.add('hidden');
  hideError($('#page-error'));
  $('#book').classList.toggle('hidden', m !== 'book');
  $('#lookup').classList.toggle('hidden', m !== 'lookup');
  for (const [id, on] of [['#mode-book', m === 'book'], ['#mode-lookup', m === 'lookup']]) {
    $(id).setAttribute('aria-pressed', on ? 'true' : 'false');
    $(id).classList.toggle('secondary', !on);
  }
  if (m === 'book') {
    history.replaceState(null, '', location.pathname);
    if (pick.time) renderSummary();
  }
  if (focus) (m === 'lookup' ? $('#l-code') : $('#h-field')).focus();
}

function rerender() {
  renderFields();
  if (info && pick.field) renderDays($('#days'), pick.day, chooseDay);
  if (slotList) renderSlots($('#slots'), slotList, pick.time, chooseSlot);
  renderSummary();
  if (shown) renderResult();
  if (!$('#b-confirm').disabled) $('#b-confirm').textContent = t('bk.confirm');
}

async function loadInfo() {
  for (let delay = 500; ; delay = Math.min(5000, delay * 2)) {
    try {
      info = await api.get('/booking');
      break;
    } catch (e) {
      // Switched off, or a daemon without appointments at all.
      if (e instanceof ApiError && e.status === 404) { info = { enabled: false, fields: [], days: [] }; break; }
      if (!(e instanceof ApiError && (e.network || e.status >= 500))) { showError($('#page-error'), e); }
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  renderFields();
}

function main() {
  wireLangSwitch();
  onLangChange(rerender);
  showOffice(api);
  $('#mode-book').addEventListener('click', () => setMode('book'));
  $('#mode-lookup').addEventListener('click', () => setMode('lookup'));
  $('#step-who').addEventListener('submit', confirmBooking);
  $('#lookup-form').addEventListener('submit', lookup);
  $('#r-again').addEventListener('click', () => setMode('book'));
  const code = new URLSearchParams(location.search).get('code');
  if (code) {
    setMode('lookup', { focus: false });
    $('#l-code').value = codeFrom(code);
    $('#l-phone').focus();
  }
  loadInfo();
}

main();
