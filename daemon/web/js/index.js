import { Api } from './api.js';
import { wireLangSwitch } from './i18n.js';
import './info_texts.js'; // the editor's link

wireLangSwitch();
new Api().get('/health').then((h) => { document.getElementById('office').textContent = h.office; }).catch(() => {});
