import { render } from 'preact';
import { HallStream } from '../../ui-kit/stream.ts';
import { t } from '../i18n/index.ts';
import { StatusModel, StatusPage } from './status-page.tsx';
import './status.css';

// /t/:id?k=KEY — the key is the server's signature over the id, printed in the ticket's QR.
const id = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
const key = new URLSearchParams(location.search).get('k') ?? '';
const m = new StatusModel(id, key);
document.title = t('status.title');

// The public stream: no token, no personal data; any event about this ticket or its queue refetches.
const stream = new HallStream({
  onSnapshot: () => void m.refresh(),
  onEvent: (e) => {
    if (m.concerns(e)) void m.refresh();
  },
});
stream.connected.subscribe((up) => (m.live.value = up));
void m.refresh();
render(<StatusPage m={m} />, document.getElementById('app')!);
