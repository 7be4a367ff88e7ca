import { render } from 'preact';
import { RemotePage } from './remote-page.tsx';
import { rt } from '../status/remote-texts.ts';
import '../status/status.css';
import '../status/reminders.css';
import './remote.css';

// /remote — take a number from the phone; /remote?arrive=CODE — the hall's 我已到达 QR.
document.title = rt('remote.title');
const arrive = new URLSearchParams(location.search).get('arrive');
render(<RemotePage arriveCode={arrive && /^\d{6}$/.test(arrive) ? arrive : null} />, document.getElementById('app')!);
