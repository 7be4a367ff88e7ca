import { Dialog, type DialogProps } from './dialog.tsx';
import type { WindowTerminal } from '../terminal.ts';

export type TerminalDialogProps = Omit<DialogProps, 'onCancel' | 'confirmDisabled' | 'error'> & {
  term: WindowTerminal;
  /** The dialog's own validation message; the server's refusal is shown when there is none. */
  error?: string | null;
};

/** Closes the dialog and forgets its message. */
export function closeDialog(term: WindowTerminal): void {
  term.dialog.value = null;
  term.message.value = null;
}

/**
 * A terminal dialog: cancelling closes it, confirming is blocked while an action runs, and a refusal
 * from the server appears inside it, where the clerk is looking.
 */
export function TerminalDialog({ term, error = null, ...rest }: TerminalDialogProps) {
  const serverError = term.message.value?.kind === 'error' ? term.message.value.text : null;
  return <Dialog {...rest} onCancel={() => closeDialog(term)} confirmDisabled={term.busy.value !== null} error={error ?? serverError} />;
}
