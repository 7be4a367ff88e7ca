import { render } from 'preact';
import { loadMe, toLogin } from '../lib/session.ts';
import { ConsolePage } from './console-page.tsx';
import '../styles.css';

loadMe().then(
  (me) => (me ? render(<ConsolePage me={me} />, document.getElementById('app')!) : toLogin()),
  () => toLogin(),
);
