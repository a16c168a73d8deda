import { Api } from './api.js';
import { wireLangSwitch } from './i18n.js';
import { showOffice } from './dom.js';
import './info_texts.js'; // the editor's link

wireLangSwitch();
showOffice(new Api());
