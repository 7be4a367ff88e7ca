import { render } from 'preact';
import { loadMe, toLogin } from '../lib/session.ts';
import { StatsPage } from './stats-page.tsx';
import '../styles.css';

loadMe().then(
  (me) => (me ? render(<StatsPage me={me} />, document.getElementById('app')!) : toLogin()),
  () => toLogin(),
);
