import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../i18n.ts';

export interface DialogProps {
  title: string;
  children: ComponentChildren;
  onCancel(): void;
  onConfirm(): void;
  confirmLabel?: string;
  /** Disables the confirm button and Enter (e.g. while the action runs). */
  confirmDisabled?: boolean;
  /** Destructive actions get a red confirm button. */
  danger?: boolean;
  /** Extra keys the dialog handles (digits, arrows); return true when handled. */
  onKey?(e: KeyboardEvent): boolean;
  wide?: boolean;
  className?: string;
  /** Buttons instead of the usual cancel/confirm pair. */
  footer?: ComponentChildren;
  error?: string | null;
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal that is driven from the keyboard: Enter confirms, Esc cancels, Tab stays inside. Focus moves
 * to the element marked data-autofocus (or the dialog) and returns to where it was on close.
 */
export function Dialog(props: DialogProps) {
  const box = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  latest.current = props;

  // Layout effect: focus must be inside before the next key arrives (a plain effect waits for paint).
  useLayoutEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = box.current?.querySelector<HTMLElement>('[data-autofocus]') ?? box.current;
    first?.focus();
    return () => before?.focus?.();
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    const p = latest.current;
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      p.onCancel();
      return;
    }
    if (p.onKey?.(e)) {
      e.preventDefault();
      return;
    }
    const target = e.target as HTMLElement;
    if (e.key === 'Enter' && !e.repeat && target.tagName !== 'BUTTON' && target.tagName !== 'TEXTAREA') {
      e.preventDefault();
      if (!p.confirmDisabled) p.onConfirm();
      return;
    }
    if (e.key === 'Tab' && box.current) {
      const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
      if (!items.length) return;
      const at = items.indexOf(document.activeElement as HTMLElement);
      const next = e.shiftKey ? (at <= 0 ? items.length - 1 : at - 1) : at === items.length - 1 ? 0 : at + 1;
      e.preventDefault();
      items[next]!.focus();
      return;
    }
    // Function keys belong to the terminal; inside a dialog they do nothing (and not the browser's thing).
    if (/^F\d+$/.test(e.key) && e.key !== 'F5') e.preventDefault();
  };

  return (
    // A click on the backdrop must not take focus out of the dialog, or its keys would stop working.
    <div class="overlay" onMouseDown={(e) => e.target === e.currentTarget && e.preventDefault()}>
      <div
        ref={box}
        class={`dialog${props.wide ? ' dialog-wide' : ''}${props.className ? ` ${props.className}` : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 class="dialog-title">{props.title}</h2>
        <div class="dialog-body">{props.children}</div>
        {props.error ? (
          <p class="dialog-error" role="alert">
            {props.error}
          </p>
        ) : null}
        <div class="dialog-actions no-print">
          {props.footer ?? (
            <>
              <button type="button" class="btn" onClick={props.onCancel}>
                {t('dialog.cancel')}
              </button>
              <button type="button" class={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`} disabled={props.confirmDisabled} onClick={props.onConfirm} data-confirm>
                {props.confirmLabel ?? t('dialog.confirm')}
              </button>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
