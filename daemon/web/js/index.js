import { Api } from './api.js';
import { wireLangSwitch } from './i18n.js';
import { showOffice } from './dom.js';

wireLangSwitch();
showOffice(new Api());
