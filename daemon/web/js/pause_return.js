// The counter page's "expected back" choice when pausing (issue 13): the
// counter's display and the TV then say when it reopens. Fills
// <select id="pause-return"> and gives counter.js the body members to send.
import { t, onLangChange } from './i18n.js';
import './info_texts.js';
import { h, $ } from './dom.js';

const MINUTES = [5, 10, 15, 20, 30, 45, 60, 90, 120];

function fill() {
  const sel = $('#pause-return');
  if (!sel) return;
  const chosen = sel.value;
  sel.replaceChildren(h('option', { value: '' }, t('counter.pause.unknown')),
    ...MINUTES.map((n) => h('option', { value: String(n) }, t('counter.pause.in', { n }))));
  sel.value = chosen;
}

// {} when not known, else {return_in_minutes: n}.
export function pauseReturn() {
  const v = $('#pause-return')?.value;
  return v ? { return_in_minutes: Number(v) } : {};
}

fill();
onLangChange(fill);
