import { getPath, setPath } from '../lib/paths.ts';
import { hallLocalToIso, isoToHallLocal } from '../lib/time.ts';

export type FieldKind = 'text' | 'textarea' | 'number' | 'select' | 'ordered' | 'checks' | 'check' | 'lines' | 'materials' | 'json' | 'datetime' | 'password';

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
  /** The entry's key: fixed once created. */
  key?: boolean;
  hint?: string;
  wide?: boolean;
  placeholder?: string;
}

export type DraftValue = string | boolean | string[];
export type Draft = Record<string, DraftValue>;

/** A value the browser can tell is wrong before sending (unparseable JSON). */
export class LocalFieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

interface MaterialLine {
  name?: string;
  copies?: string;
  note?: string;
}

export function toDraft(entry: unknown, fields: readonly FieldSpec[]): Draft {
  const draft: Draft = {};
  for (const f of fields) {
    const v = getPath(entry, f.name);
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
      case 'materials':
        draft[f.name] = Array.isArray(v)
          ? (v as MaterialLine[]).map((m) => [m.name ?? '', m.copies ?? '', m.note ?? ''].join('|').replace(/\|+$/, '')).join('\n')
          : '';
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
      case 'materials':
        value = splitLines(String(raw ?? '')).map((l) => {
          const [name = '', copies = '', note = ''] = l.split('|').map((p) => p.trim());
          return { name, ...(copies ? { copies } : {}), ...(note ? { note } : {}) };
        });
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
