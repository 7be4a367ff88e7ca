import { render } from 'preact';
import { AppraisalPage } from './appraisal-page.tsx';
import '../styles.css';

render(<AppraisalPage />, document.getElementById('app')!);
