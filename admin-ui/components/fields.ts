import { t } from '../i18n/index.ts';
import { getPath, setPath } from '../lib/paths.ts';
import type { FieldIssue } from '../lib/validation.ts';
import { checkComposite, fromComposite, isComposite, isCompositeDraft, toComposite, type CompositeDraft } from './editors/composite.ts';
import { hallLocalToIso, isoToHallLocal } from '../lib/time.ts';

/** `materials`, `weekHours`, `hallHours` and `slotCaps` are structured editors (components/editors/). */
export type FieldKind = 'text' | 'textarea' | 'number' | 'select' | 'ordered' | 'checks' | 'check' | 'lines' | 'materials' | 'weekHours' | 'hallHours' | 'slotCaps' | 'json' | 'datetime' | 'password';

export interface Option {
  value: string;
  label: string;
}

/** One form field, named by its dotted path in the entry (`name`, `alerts.waitMinutes`). */
export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  options?: Option[];
  /** Empty means absent rather than an empty string or zero. */
  optional?: boolean;
  /** select values are numbers on the wire (a window number). */
  numeric?: boolean;
  /**
   * Checked before sending. Text-like fields are required unless `optional`; list fields (lines,
   * checks, ordered) only when this says so.
   */
  required?: boolean;
  /** A format checked before sending (codes, prefixes, badges), with the message to show. */
  pattern?: { re: RegExp; message: string };
  /** The entry's key: fixed once created. */
  key?: boolean;
  hint?: string;
  wide?: boolean;
  placeholder?: string;
}

export type DraftValue = string | boolean | string[] | CompositeDraft;
export type Draft = Record<string, DraftValue>;

/** A value the browser can tell is wrong before sending (unparseable JSON). */
export class LocalFieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export function toDraft(entry: unknown, fields: readonly FieldSpec[]): Draft {
  const draft: Draft = {};
  for (const f of fields) {
    const v = getPath(entry, f.name);
    if (isComposite(f.kind)) {
      draft[f.name] = toComposite(f.kind, v);
      continue;
    }
    switch (f.kind) {
      case 'check':
        draft[f.name] = v === true;
        break;
      case 'ordered':
      case 'checks':
        draft[f.name] = Array.isArray(v) ? v.map(String) : [];
        break;
      case 'lines':
        draft[f.name] = Array.isArray(v) ? v.join('\n') : '';
        break;
      case 'json':
        draft[f.name] = v === undefined ? '' : JSON.stringify(v, null, 2);
        break;
      case 'datetime':
        draft[f.name] = isoToHallLocal(typeof v === 'string' ? v : null);
        break;
      default:
        draft[f.name] = v === undefined || v === null ? '' : String(v);
    }
  }
  return draft;
}

const splitLines = (s: string) => s.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');

/** The entry to send: the original with every field replaced by its draft value. */
export function fromDraft(draft: Draft, original: Record<string, unknown>, fields: readonly FieldSpec[]): Record<string, unknown> {
  let out = { ...original };
  for (const f of fields) {
    const raw = draft[f.name];
    let value: unknown;
    if (isComposite(f.kind)) {
      out = setPath(out, f.name, typeof raw === 'object' && !Array.isArray(raw) ? fromComposite(raw, f.optional === true) : getPath(original, f.name));
      continue;
    }
    switch (f.kind) {
      case 'check':
        value = raw === true;
        break;
      case 'ordered':
      case 'checks':
        value = Array.isArray(raw) ? raw : [];
        break;
      case 'lines':
        value = splitLines(String(raw ?? ''));
        break;
      case 'json': {
        const text = String(raw ?? '').trim();
        if (!text) value = undefined;
        else {
          try {
            value = JSON.parse(text);
          } catch (e) {
            throw new LocalFieldError(f.name, e instanceof Error ? e.message : String(e));
          }
        }
        break;
      }
      case 'number': {
        const text = String(raw ?? '').trim();
        // Sent as typed when it is not a number, so the server names the problem beside the field.
        value = text === '' ? undefined : Number.isFinite(Number(text)) ? Number(text) : text;
        break;
      }
      case 'datetime':
        value = raw ? hallLocalToIso(String(raw)) : undefined;
        break;
      default: {
        const text = String(raw ?? '');
        value = text.trim() === '' && (f.optional || f.numeric) ? undefined : f.numeric ? Number(text) : f.kind === 'textarea' ? text : text.trim();
      }
    }
    out = setPath(out, f.name, value);
  }
  return out;
}

const TEXT_LIKE: readonly FieldKind[] = ['text', 'textarea', 'number', 'select', 'password', 'datetime'];

/** What the browser can say before sending: 必填 first, then the structured fields' own checks. */
export interface DraftCheck {
  fields: Record<string, string[]>;
  nested: Record<string, FieldIssue[]>;
}

export function checkDraft(draft: Draft, fields: readonly FieldSpec[], editing: boolean): DraftCheck {
  const out: DraftCheck = { fields: {}, nested: {} };
  for (const f of fields) {
    const v = draft[f.name];
    if (isCompositeDraft(v)) {
      const issues = checkComposite(v);
      if (issues.length) out.nested[f.name] = issues;
      continue;
    }
    if (editing && f.key) continue;
    const textRequired = TEXT_LIKE.includes(f.kind) && (f.required ?? f.optional !== true);
    if (textRequired && (v === undefined || String(v).trim() === '')) out.fields[f.name] = [t('issue.required')];
    else if (f.pattern && typeof v === 'string' && v.trim() !== '' && !f.pattern.re.test(v.trim())) out.fields[f.name] = [f.pattern.message];
    else if (f.required && f.kind === 'lines' && splitLines(String(v ?? '')).length === 0) out.fields[f.name] = [t('issue.required')];
    else if (f.required && (f.kind === 'checks' || f.kind === 'ordered') && !(Array.isArray(v) && v.length)) out.fields[f.name] = [t('issue.minItems')];
  }
  return out;
}
