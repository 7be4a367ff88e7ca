import { render } from 'preact';
import { loadMe, toLogin } from '../lib/session.ts';
import { EvaluationsPage } from './evaluations-page.tsx';
import '../styles.css';

loadMe().then(
  (me) => (me ? render(<EvaluationsPage me={me} />, document.getElementById('app')!) : toLogin()),
  () => toLogin(),
);
