import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { errorsFor, NO_ERRORS, type FieldIssue, type FormErrors } from '../lib/validation.ts';
import { t } from '../i18n/index.ts';
import { CompositeEditor } from './editors/composite-editor.tsx';
import { isCompositeDraft } from './editors/composite.ts';
import { checkDraft, fromDraft, LocalFieldError, toDraft, type Draft, type DraftValue, type FieldSpec } from './fields.ts';

const fieldId = (form: string, name: string) => `${form}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

interface ControlProps {
  form: string;
  field: FieldSpec;
  value: DraftValue;
  disabled: boolean;
  invalid: boolean;
  /** Issues inside a structured field, by their path relative to it. */
  nested?: readonly FieldIssue[] | undefined;
  onChange(value: DraftValue): void;
}

function Control({ form, field, value, disabled, invalid, nested, onChange }: ControlProps) {
  const id = fieldId(form, field.name);
  if (isCompositeDraft(value)) return <CompositeEditor id={id} value={value} issues={nested ?? []} disabled={disabled} optional={field.optional === true} onChange={onChange} />;
  const common = {
    id,
    name: field.name,
    disabled,
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': invalid ? `${id}-error` : undefined,
  };
  const text = (e: Event) => onChange((e.target as HTMLInputElement).value);
  switch (field.kind) {
    case 'check':
      return <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange((e.target as HTMLInputElement).checked)} />;
    case 'select':
      return (
        <select {...common} value={String(value)} onChange={text}>
          {field.optional || !field.options?.some((o) => o.value === value) ? <option value="">{field.optional ? t('form.none') : t('form.choose')}</option> : null}
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'checks':
    case 'ordered': {
      const chosen = Array.isArray(value) ? value : [];
      const toggle = (v: string) => onChange(chosen.includes(v) ? chosen.filter((c) => c !== v) : [...chosen, v]);
      return (
        <div class="chips" role="group" id={id} aria-invalid={invalid ? 'true' : undefined} aria-describedby={invalid ? `${id}-error` : undefined}>
          {(field.options ?? []).map((o) => {
            const at = chosen.indexOf(o.value);
            return (
              <label key={o.value} class={`chip${at >= 0 ? ' chip-on' : ''}`}>
                <input type="checkbox" name={field.name} value={o.value} checked={at >= 0} disabled={disabled} onChange={() => toggle(o.value)} />
                {field.kind === 'ordered' && at >= 0 ? <b class="chip-order">{at + 1}</b> : null}
                {o.label}
              </label>
            );
          })}
        </div>
      );
    }
    case 'textarea':
    case 'lines':
    case 'json':
      return <textarea {...common} rows={field.kind === 'json' ? 6 : 3} class={field.kind === 'json' ? 'mono' : ''} value={String(value)} placeholder={field.placeholder} onInput={text} />;
    case 'number':
      return <input {...common} type="text" inputMode="numeric" value={String(value)} placeholder={field.placeholder} onInput={text} />;
    case 'datetime':
      return <input {...common} type="datetime-local" value={String(value)} onInput={text} />;
    case 'password':
      return <input {...common} type="password" autoComplete="new-password" value={String(value)} onInput={text} />;
    default:
      return <input {...common} type="text" value={String(value)} placeholder={field.placeholder} onInput={text} />;
  }
}

export interface FieldRowProps {
  form: string;
  field: FieldSpec;
  errors?: string[] | undefined;
  children: ComponentChildren;
}

/** A label, its control and, beside it, what the server said about that field. */
export function FieldRow({ form, field, errors, children }: FieldRowProps) {
  const id = fieldId(form, field.name);
  const required = field.required ?? (!field.optional && ['text', 'textarea', 'number', 'select', 'password'].includes(field.kind));
  return (
    <div class={`field${field.wide ? ' field-wide' : ''}${errors?.length ? ' field-invalid' : ''}`} data-field={field.name}>
      <label for={id}>
        {field.label}
        {required && !field.key ? <b class="required-mark" aria-hidden="true"> *</b> : null}
      </label>
      {children}
      {field.hint ? <small class="field-hint">{field.hint}</small> : null}
      {errors?.length ? (
        <p class="field-error" id={`${id}-error`} role="alert">
          {errors.join('；')}
        </p>
      ) : null}
    </div>
  );
}

export interface EntityFormProps {
  /** Distinguishes element ids when two forms share a page. */
  id: string;
  title?: string;
  fields: FieldSpec[];
  initial: Record<string, unknown>;
  /** Editing an existing entry: key fields are fixed. */
  editing?: boolean;
  readOnly?: boolean;
  submitLabel?: string;
  /** Sends the entry; a thrown VALIDATION_FAILED is shown field by field. */
  onSubmit(entry: Record<string, unknown>): Promise<void>;
  onCancel?: () => void;
  children?: ComponentChildren;
}

/** A form generated from field specs; the server validates, and its issues land beside their fields. */
export function EntityForm({ id, title, fields, initial, editing = false, readOnly = false, submitLabel, onSubmit, onCancel, children }: EntityFormProps) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(initial, fields));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || readOnly) return;
    setSaved(false);
    let entry: Record<string, unknown>;
    try {
      entry = fromDraft(draft, initial, fields);
    } catch (err) {
      if (err instanceof LocalFieldError) {
        setErrors({ fields: { [err.field]: [t('form.badJson', { message: err.message })] }, general: [] });
        return;
      }
      throw err;
    }
    // 必填 and the structured fields are checked here, so an empty code says 必填 before anything is sent.
    const local = checkDraft(draft, fields, editing);
    if (Object.keys(local.fields).length || Object.keys(local.nested).length) {
      setErrors({ fields: local.fields, general: [], nested: local.nested });
      return;
    }
    setBusy(true);
    try {
      await onSubmit(entry);
      setErrors(NO_ERRORS);
      setSaved(true);
    } catch (err) {
      setErrors(errorsFor(err, fields.map((f) => f.name)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="entity-form" onSubmit={submit} aria-label={title} noValidate>
      {title ? <h3 class="form-title">{title}</h3> : null}
      {errors.general.length ? (
        <div class="form-error" role="alert">
          {errors.general.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      ) : null}
      <div class="form-grid">
        {fields.map((f) => (
          <FieldRow key={f.name} form={id} field={f} errors={isCompositeDraft(draft[f.name]) ? undefined : errors.fields[f.name]}>
            <Control
              form={id}
              field={f}
              value={draft[f.name] ?? ''}
              disabled={readOnly || busy || (editing && f.key === true)}
              invalid={Boolean(errors.fields[f.name]?.length)}
              nested={errors.nested?.[f.name]}
              onChange={(v) => {
                setSaved(false);
                setDraft({ ...draft, [f.name]: v });
              }}
            />
          </FieldRow>
        ))}
      </div>
      {children}
      {readOnly ? null : (
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {submitLabel ?? t('form.save')}
          </button>
          {onCancel ? (
            <button type="button" class="btn" onClick={onCancel} disabled={busy}>
              {t('form.cancel')}
            </button>
          ) : null}
          {saved ? (
            <span class="form-saved" role="status">
              {t('form.saved')}
            </span>
          ) : null}
        </div>
      )}
    </form>
  );
}
