// The editor's page (issue 13): notices for the TV, the LED boards and the
// kiosks (with start, end, screens and order), each field's procedure sheet,
// a preview of exactly what each LED board will show — computed by the daemon
// with the code that drives the boards, the draft included as it is typed —
// and the history of who changed what, when. Every save sends the version it
// started from: if someone else saved meanwhile the daemon refuses
// (content_conflict) and the page says so instead of overwriting.
import { Api, ApiError, tokenFromFragment } from './api.js';
import { debounce } from './stream.js';
import { t, errorText, wireLangSwitch, onLangChange } from './i18n.js';
import './info_texts.js';
import { h, $ } from './dom.js';

const TOKEN_KEY = 'qms.editor.token';
let token = tokenFromFragment(TOKEN_KEY);
const api = new Api(() => token);
let notices = [];
let editing = null; // the notice being edited (null: a new one)
let fields = [];
let sheet = null;   // the procedure sheet loaded in the form (null: none yet)
let preview = null; // the last /board-preview

const SCREENS = ['tv', 'board', 'kiosk'];
const localInput = (iso) => (iso ? iso.slice(0, 16) : ''); // the office's own wall-clock time
const shortTime = (iso) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)} ${iso.slice(11, 16)}` : '');

function say(text, bad = false) {
  const m = $('#message');
  m.textContent = text;
  m.classList.toggle('bad', bad);
}

function refused(e) {
  say(errorText(e) + (e.message && e.message !== e.en ? ` — ${e.message}` : ''), true);
}

// ---- notices -----------------------------------------------------------------
function renderNotices() {
  const body = $('#notices tbody');
  if (!notices.length) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: '5' }, t('ed.none'))));
    return;
  }
  body.replaceChildren(...notices.map((n) => {
    const when = !n.starts_at && !n.ends_at ? t('ed.always')
      : [n.starts_at ? t('ed.from', { t: shortTime(n.starts_at) }) : '', n.ends_at ? t('ed.until', { t: shortTime(n.ends_at) }) : ''].join(' ').trim();
    return h('tr', { dataset: { notice: n.id, status: n.status } },
      h('td', {}, n.title ? h('strong', {}, n.title) : null, h('div.clip', {}, n.text)),
      h('td', {}, n.screens.map((s) => t(`ed.screen.${s}`)).join(', ')),
      h('td', {}, when),
      h('td', {}, h('span.badge', { dataset: { status: n.status } }, t(`ed.status.${n.status}`))),
      h('td', {}, h('button.btn.secondary.small', { type: 'button', dataset: { edit: n.id }, onclick: () => edit(n) }, t('ed.edit'))));
  }));
}

async function loadNotices() {
  const r = await api.get('/notices');
  notices = r.notices;
  renderNotices();
}

function draft() {
  const body = {
    title: $('#n-title').value, text: $('#n-text').value,
    starts_at: $('#n-start').value || null, ends_at: $('#n-end').value || null,
    screens: SCREENS.filter((s) => $(`#n-${s}`).checked),
    order: Number($('#n-order').value || 0),
  };
  if (editing) body.version = editing.version;
  return body;
}

function countChars() {
  $('#n-count').textContent = t('ed.chars', { n: [...$('#n-text').value].length, m: 1000 });
}

function edit(n) {
  editing = n;
  $('#n-heading').textContent = n ? t('ed.editing', { id: n.id }) : t('ed.creating');
  $('#n-title').value = n ? n.title || '' : '';
  $('#n-text').value = n ? n.text : '';
  $('#n-start').value = n ? localInput(n.starts_at) : '';
  $('#n-end').value = n ? localInput(n.ends_at) : '';
  for (const s of SCREENS) $(`#n-${s}`).checked = n ? n.screens.includes(s) : true;
  $('#n-order').value = n ? n.order : 0;
  $('#n-delete').classList.toggle('hidden', !n);
  countChars();
  refreshPreview();
  if (n) $('#n-text').focus();
}

async function saveNotice(ev) {
  ev.preventDefault();
  try {
    const r = editing ? await api.request('PUT', `/notices/${encodeURIComponent(editing.id)}`, draft())
      : await api.post('/notices', draft());
    say(`${t('ed.saved')}: ${r.notice.title || r.notice.text.slice(0, 60)}`);
    await loadNotices();
    edit(notices.find((n) => n.id === r.notice.id) || null);
    loadHistory();
  } catch (e) {
    refused(e);
  }
}

async function deleteNotice() {
  if (!editing || !window.confirm(t('ed.confirm.delete'))) return;
  try {
    await api.request('DELETE', `/notices/${encodeURIComponent(editing.id)}?version=${editing.version}`);
    say(t('ed.deleted'));
    await loadNotices();
    edit(null);
    loadHistory();
  } catch (e) {
    refused(e);
  }
}

// ---- the board preview ---------------------------------------------------------
function renderPreview() {
  const box = $('#board-preview');
  const note = $('#preview-note');
  if (!preview) { box.replaceChildren(); return; }
  note.textContent = preview.draft_on_boards === false ? t('ed.preview.notshown') : '';
  if (!preview.boards.length) {
    box.replaceChildren(h('p', {}, t('ed.preview.none')));
    return;
  }
  box.replaceChildren(...preview.boards.map((b) => {
    const pages = b.pages.map((lines, i) => {
      const page = h('figure.board-page', { dataset: { page: i + 1 } },
        h('figcaption', {}, t('ed.preview.page', { n: i + 1, m: b.pages.length })),
        h('div.board-lines', {}, lines.map((l) => h('div.board-line', {}, l || ' '))));
      page.querySelector('.board-lines').style.setProperty('--board-chars', String(b.width));
      return page;
    });
    return h('div.board', { dataset: { board: b.id } },
      h('p.hint', {}, t('ed.preview.board', { id: b.id, w: b.width, l: b.info_lines, s: preview.page_seconds })),
      b.unicode ? null : h('p.hint', {}, t('ed.preview.ascii')),
      b.info_lines === 0 ? h('p', {}, t('ed.preview.noinfo')) : h('div.board-pages', {}, pages));
  }));
}

async function loadPreview() {
  const d = draft();
  const body = d.text.trim() ? { notice: { ...d, version: undefined } } : {};
  if (editing) body.replaces = editing.id;
  try {
    preview = await api.post('/board-preview', body);
    renderPreview();
  } catch (e) {
    // A draft that could not be saved (too long, no screen): the last preview stays, with why.
    if (e instanceof ApiError && e.code === 'invalid_argument') $('#preview-note').textContent = `${errorText(e)} — ${e.message}`;
    else refused(e);
  }
}
const refreshPreview = debounce(loadPreview, 250);

// ---- procedure sheets --------------------------------------------------------
// A sheet is loaded when the page opens and whenever another field is chosen.
// On a slow line the reply can arrive after the editor has started typing: the
// reply then only updates the version the save is checked against, and never
// wipes what was typed. A reply for a field no longer chosen is dropped.
let sheetLoads = 0;
let sheetDraft = false;

function fillSheet(p, keepDraft = false) {
  sheet = p;
  if (!keepDraft) {
    sheetDraft = false;
    $('#p-docs').value = p ? p.documents.join('\n') : '';
    $('#p-fees').value = p ? p.fees || '' : '';
    $('#p-time').value = p ? p.processing_time || '' : '';
    $('#p-legal').value = p ? p.legal_basis || '' : '';
    $('#p-notes').value = p ? p.notes || '' : '';
  }
  $('#p-status').textContent = p ? t('ed.p.version', { v: p.version, t: shortTime(p.updated_at), by: p.updated_by }) : t('ed.p.none');
  $('#p-delete').classList.toggle('hidden', !p);
}

async function loadSheet() {
  const field = $('#p-field').value;
  const mine = ++sheetLoads;
  sheetDraft = false;
  try {
    const r = await api.get(`/procedures/${encodeURIComponent(field)}`);
    if (mine !== sheetLoads || $('#p-field').value !== field) return;
    fillSheet(r.procedure, sheetDraft);
  } catch (e) {
    refused(e);
  }
}

async function saveSheet(ev) {
  ev.preventDefault();
  const field = $('#p-field').value;
  const body = {
    documents: $('#p-docs').value.split('\n').map((x) => x.trim()).filter(Boolean),
    fees: $('#p-fees').value, processing_time: $('#p-time').value,
    legal_basis: $('#p-legal').value, notes: $('#p-notes').value,
    version: sheet ? sheet.version : 0,
  };
  try {
    const r = await api.request('PUT', `/procedures/${encodeURIComponent(field)}`, body);
    fillSheet(r.procedure);
    say(`${t('ed.saved')}: ${r.procedure.field_name}`);
    loadHistory();
  } catch (e) {
    refused(e);
  }
}

async function deleteSheet() {
  if (!sheet || !window.confirm(t('ed.confirm.delete'))) return;
  try {
    await api.request('DELETE', `/procedures/${encodeURIComponent(sheet.field)}?version=${sheet.version}`);
    fillSheet(null);
    say(t('ed.deleted'));
    loadHistory();
  } catch (e) {
    refused(e);
  }
}

// ---- history -----------------------------------------------------------------
async function loadHistory() {
  try {
    const r = await api.get('/content/history?limit=30');
    $('#history tbody').replaceChildren(...r.changes.map((c) => {
      const item = c.content || {};
      const field = fields.find((f) => f.id === c.field);
      const what = c.kind.startsWith('notice') ? item.title || (item.text || '').slice(0, 80) : field ? field.name : c.field;
      return h('tr', { dataset: { seq: c.seq } }, h('td', {}, shortTime(c.at)), h('td', {}, c.actor || ''),
        h('td', {}, `${t(`ed.kind.${c.kind}`)}: ${what} (v${c.version})`));
    }));
  } catch { /* the rest of the page still works */ }
}

// ---- start -------------------------------------------------------------------
function showGate(err) {
  $('#app').classList.add('hidden');
  $('#gate').classList.remove('hidden');
  if (err) { $('#g-error').textContent = t('ed.badtoken'); $('#g-error').classList.remove('hidden'); }
  $('#g-token').focus();
}

async function open() {
  try {
    await loadNotices();
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'unauthenticated' || e.code === 'forbidden')) {
      localStorage.removeItem(TOKEN_KEY);
      token = null;
      showGate(e);
      return;
    }
    say(errorText(e), true);
  }
  $('#gate').classList.add('hidden');
  $('#app').classList.remove('hidden');
  fields = (await api.get('/fields')).fields;
  $('#p-field').replaceChildren(...fields.map((f) => h('option', { value: f.id }, f.name)));
  edit(null);
  loadSheet();
  loadHistory();
}

wireLangSwitch();
onLangChange(() => { renderNotices(); renderPreview(); countChars(); $('#n-heading').textContent = editing ? t('ed.editing', { id: editing.id }) : t('ed.creating'); });
api.get('/health').then((x) => { $('#office').textContent = x.office; }).catch(() => {});
$('#gate').addEventListener('submit', (ev) => {
  ev.preventDefault();
  token = $('#g-token').value.trim();
  localStorage.setItem(TOKEN_KEY, token);
  $('#g-error').classList.add('hidden');
  open();
});
$('#notice-form').addEventListener('submit', saveNotice);
$('#notice-form').addEventListener('input', () => { countChars(); refreshPreview(); });
$('#n-new').addEventListener('click', () => { edit(null); $('#n-text').focus(); });
$('#n-cancel').addEventListener('click', () => edit(null));
$('#n-delete').addEventListener('click', deleteNotice);
$('#p-field').addEventListener('change', loadSheet);
$('#procedure-form').addEventListener('submit', saveSheet);
$('#procedure-form').addEventListener('input', (ev) => { if (ev.target.id !== 'p-field') sheetDraft = true; });
$('#p-delete').addEventListener('click', deleteSheet);
if (token) open(); else showGate();
