import { t } from '../../i18n/index.ts';
import type { FieldIssue } from '../../lib/validation.ts';
import type { CompositeDraft } from './composite.ts';
import { hallHoursEditor } from './hall-hours-editor.tsx';
import { IssueBoard, IssueText } from './issue-board.tsx';
import { materialsEditor } from './materials-editor.tsx';
import { slotCapsEditor } from './slot-caps-editor.tsx';
import { weekRows } from './week-hours-editor.tsx';

interface Props {
  id: string;
  value: CompositeDraft;
  issues: readonly FieldIssue[];
  disabled: boolean;
  /** A queue's own hours may be left empty: the hall's hours apply. */
  optional: boolean;
  onChange(value: CompositeDraft): void;
}

/** The editor of one structured field; issues nobody claimed are listed under it, with where they are. */
export function CompositeEditor({ id, value, issues, disabled, optional, onChange }: Props) {
  const board = new IssueBoard(issues);
  const top = board.take('');
  let body;
  switch (value.composite) {
    case 'materials':
      body = materialsEditor({ id, rows: value.rows, board, disabled, onChange: (rows) => onChange({ composite: 'materials', rows }) });
      break;
    case 'weekHours':
      body = weekRows({ id, at: '', rows: value.rows, board, disabled, ...(optional ? { emptyText: t('hours.followsHall') } : {}), onChange: (rows) => onChange({ composite: 'weekHours', rows }) });
      break;
    case 'slotCaps':
      body = slotCapsEditor({ id, rows: value.rows, board, disabled, onChange: (rows) => onChange({ composite: 'slotCaps', rows }) });
      break;
    case 'hallHours':
      body = hallHoursEditor({ id, hours: value.hours, board, disabled, onChange: (hours) => onChange({ composite: 'hallHours', hours }) });
      break;
  }
  const rest = board.rest().map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  return (
    <div class="composite" id={id} role="group">
      <IssueText id={`${id}-error`} messages={top} />
      {body}
      <IssueText id={`${id}-rest-error`} messages={rest} />
    </div>
  );
}
