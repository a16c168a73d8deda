// The citizen's rating form (SIPAS): the four levels as big buttons, the
// office's optional questions on the same levels, an optional comment, sent
// once. The phone's status page shows it once the ticket is finished
// (statusRating below, hooked from status.js); a counter's rating screen
// (rating.js) shows it for the citizen just served. The daemon decides: a
// second rating from any channel is refused politely (already_rated) and the
// form says so.
import { ApiError } from './api.js';
import { currentLang, errorText, onLangChange } from './i18n.js';
import { h } from './dom.js';

const TEXTS = {
  ask: { vi: 'Công dân đánh giá mức độ hài lòng', en: 'How satisfied are you with the service?' },
  questions: { vi: 'Câu hỏi thêm (không bắt buộc)', en: 'More questions (optional)' },
  comment: { vi: 'Góp ý của công dân (không bắt buộc)', en: 'Your comment (optional)' },
  chars: { vi: '{n}/{max} ký tự', en: '{n}/{max} characters' },
  send: { vi: 'Gửi đánh giá', en: 'Send' },
  sending: { vi: 'Đang gửi…', en: 'Sending…' },
  pick: { vi: 'Xin chọn một mức đánh giá', en: 'Please choose a rating' },
  thanks: { vi: 'Cảm ơn công dân đã đánh giá!', en: 'Thank you for your rating!' },
  rated: { vi: 'Lượt giao dịch này đã được đánh giá. Cảm ơn công dân!', en: 'This service has already been rated. Thank you!' },
  private: { vi: 'Góp ý chỉ lãnh đạo cơ quan xem.', en: 'Only the office leader reads comments.' },
};
export function tr(key, vars = {}, table = TEXTS) {
  let s = (table[key] || {})[currentLang()] || key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, v);
  return s;
}

const label = (item) => (currentLang() === 'en' ? item.en || item.text_en : item.vi || item.text);

export class RatingForm {
  // root: the element to fill; form: GET /rating-form; submit: async (body) => reply, throws ApiError.
  constructor(root, form, submit) {
    Object.assign(this, { root, form, submit });
    this.reset();
    onLangChange(() => this.render());
  }

  // A fresh form (the next citizen at a counter's screen).
  reset() {
    this.level = null;
    this.answers = {};
    this.comment = '';
    this.state = 'open'; // open | sending | done | rated
    this.error = '';
    this.render();
  }

  // Already rated elsewhere (the stream or the ticket says so).
  markRated(byThisForm = false) {
    if (this.state === 'done' && byThisForm) return;
    if (this.state !== 'done') this.state = 'rated';
    this.render();
  }

  levelButtons(selected, onPick, cls) {
    return h(`div.levels${cls ? '.' + cls : ''}`, { role: 'group' },
      this.form.levels.map((l) => h(`button.level.lv-${l.id}`, {
        type: 'button', dataset: { level: l.id }, 'aria-pressed': String(selected === l.id),
        onclick: () => onPick(l.id),
      }, label(l))));
  }

  render() {
    const root = this.root;
    root.replaceChildren();
    if (this.state === 'done' || this.state === 'rated') {
      root.append(h('p.rating-done', { role: 'status', text: tr(this.state === 'done' ? 'thanks' : 'rated') }));
      return;
    }
    root.append(h('h2.rating-ask', { text: tr('ask') }));
    root.append(this.levelButtons(this.level, (id) => { this.level = id; this.error = ''; this.render(); }));
    if (this.form.questions.length) {
      root.append(h('h3.rating-more', { text: tr('questions') }));
      for (const q of this.form.questions) {
        root.append(h('div.question', { dataset: { question: q.id } },
          h('p', { text: label(q) }),
          this.levelButtons(this.answers[q.id] || null, (id) => {
            this.answers[q.id] = this.answers[q.id] === id ? undefined : id; // a second tap clears it
            this.render();
          }, 'small')));
      }
    }
    const max = this.form.comment_max_chars;
    if (max > 0) {
      const count = h('small.chars', { text: tr('chars', { n: [...this.comment].length, max }) });
      const area = h('textarea', { id: 'rating-comment', rows: 3, maxlength: max, 'aria-label': tr('comment') });
      area.value = this.comment;
      area.addEventListener('input', () => {
        this.comment = area.value;
        count.textContent = tr('chars', { n: [...this.comment].length, max });
      });
      root.append(h('label.comment', { for: 'rating-comment' }, tr('comment')), area, count,
        h('small.private', { text: tr('private') }));
    }
    if (this.error) root.append(h('div.alert.bad', { role: 'alert', text: this.error }));
    root.append(h('button.btn.send', {
      type: 'button', disabled: this.state === 'sending', onclick: () => this.send(),
    }, tr(this.state === 'sending' ? 'sending' : 'send')));
  }

  async send() {
    if (!this.level) { this.error = tr('pick'); this.render(); return; }
    this.state = 'sending';
    this.error = '';
    this.render();
    const answers = Object.fromEntries(Object.entries(this.answers).filter(([, v]) => v));
    try {
      await this.submit({ level: this.level, answers, comment: this.comment.trim() || undefined });
      this.state = 'done';
    } catch (e) {
      if (e instanceof ApiError && e.code === 'already_rated') this.state = 'rated';
      else { this.state = 'open'; this.error = errorText(e); }
    }
    this.render();
  }
}

// The status page's hook: call with each ticket it shows. A finished ticket
// gets the form until it is rated; a rated one says thank you.
export function statusRating(api, publicId, root) {
  let form = null;
  let loading = null;
  return async (ticket) => {
    const show = ticket && ticket.state === 'finished' && (ticket.rating_open || ticket.rated);
    root.classList.toggle('hidden', !show);
    if (!show) return;
    if (!form) {
      loading = loading || api.get('/rating-form');
      const spec = await loading;
      form = form || new RatingForm(root, spec, (body) => api.post(`/tickets/${encodeURIComponent(publicId)}/rating`, body));
    }
    if (ticket.rated) form.markRated();
  };
}
