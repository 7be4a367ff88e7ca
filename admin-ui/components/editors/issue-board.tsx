import type { FieldIssue } from '../../lib/validation.ts';

/**
 * Hands each issue of a structured field to the input it names, once; what no input claimed is
 * shown at the end of the field (`rest`), so no message is lost. Built anew on every render and read
 * in render order, so `rest()` must be called after the inputs took theirs.
 */
export class IssueBoard {
  private readonly taken = new Set<number>();
  constructor(private readonly issues: readonly FieldIssue[]) {}

  take(...paths: string[]): string[] {
    const out: string[] = [];
    this.issues.forEach((issue, i) => {
      if (!this.taken.has(i) && paths.includes(issue.path)) {
        this.taken.add(i);
        if (!out.includes(issue.message)) out.push(issue.message);
      }
    });
    return out;
  }

  rest(): FieldIssue[] {
    return this.issues.filter((_, i) => !this.taken.has(i));
  }
}

/** The message beside one input (its id lets the input point at it with aria-describedby). */
export function IssueText({ id, messages }: { id: string; messages: string[] }) {
  if (!messages.length) return null;
  return (
    <span class="field-error sub-error" id={id} role="alert">
      {messages.join('；')}
    </span>
  );
}

export const invalidProps = (id: string, messages: string[]) =>
  messages.length ? { 'aria-invalid': 'true' as const, 'aria-describedby': id } : {};
