import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/index.ts';

export interface DialogProps {
  title: string;
  children: ComponentChildren;
  onClose(): void;
  /** Buttons; a close button is added when absent. */
  actions?: ComponentChildren;
}

/** A modal panel that takes focus and closes with Escape. */
export function Dialog({ title, children, onClose, actions }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button');
    first?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div class="overlay" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class="dialog" role="dialog" aria-modal="true" aria-label={title} ref={ref}>
        <h3 class="dialog-title">{title}</h3>
        <div class="dialog-body">{children}</div>
        <div class="dialog-actions">
          {actions ?? (
            <button type="button" class="btn" onClick={onClose}>
              {t('form.close')}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
