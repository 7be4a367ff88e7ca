import { ApiFailure } from '../../ui-kit/api.ts';
import { locale, t } from '../i18n/index.ts';

export interface FieldIssue {
  path: string;
  message: string;
}

/** What a failed save means for a form: messages per field, and what fits no field. */
export interface FormErrors {
  fields: Record<string, string[]>;
  general: string[];
  /** The same issues by their path inside a structured field (`[0].periods[1].end`), for its editor. */
  nested?: Record<string, FieldIssue[]>;
}

export const NO_ERRORS: FormErrors = { fields: {}, general: [] };

const PLAIN: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^Too small: expected string to have >=1 characters?$/, () => t('issue.required')],
  [/^Invalid input: expected \w+, received undefined$/, () => t('issue.required')],
  [/^Invalid input: expected number, received \w+$/, () => t('issue.number')],
  [/^Too small: expected number to be >=?(\S+)$/, (m) => t('issue.min', { n: m[1]! })],
  [/^Too big: expected number to be <=?(\S+)$/, (m) => t('issue.max', { n: m[1]! })],
  [/^Too big: expected string to have <=(\d+) characters?$/, (m) => t('issue.maxLength', { n: m[1]! })],
  [/^Too small: expected string to have >=(\d+) characters?$/, (m) => t('issue.minLength', { n: m[1]! })],
  [/^Too small: expected array to have >=1 items?$/, () => t('issue.minItems')],
];

/** The hall schema's own messages (contract/config.ts), found anywhere in a message (nested paths prefix them). */
const OWN: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/expected a time like 08:30/, () => t('issue.time')],
  [/expected a code of letters, digits, - or _/, () => t('issue.code')],
  [/expected a date like 2026-10-01/, () => t('issue.date')],
  [/start must be before end/, () => t('issue.period')],
  [/expected one or two capital letters/, () => t('issue.prefix')],
  [/expected a badge number of 2–16 letters or digits/, () => t('issue.badge')],
  [/promised days exceed statutory days/, () => t('issue.promised')],
  [/expected an implementation code \(实施编码\) of up to 24 letters or digits/, () => t('issue.implementationCode')],
  [/unknown (department|queue|window) (\S+)/, (m) => t(`issue.unknown.${m[1] as 'department' | 'queue' | 'window'}`, { code: m[2]! })],
  [/duplicate (\S+)/, (m) => t('issue.duplicate', { code: m[1]! })],
];

/** The server's validator speaks English; the most common messages are said in the console's language. */
export function plainMessage(message: string): string {
  if (locale.value !== 'zh-CN') return message;
  for (const [re, say] of PLAIN) {
    const m = message.match(re);
    if (m) return say(m);
  }
  for (const [re, say] of OWN) {
    const m = message.match(re);
    if (m) return message.replace(re, say(m));
  }
  return message;
}

/** The issues of a VALIDATION_FAILED answer, or none for any other failure. */
export function issuesOf(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiFailure) || error.code !== 'VALIDATION_FAILED') return [];
  const issues = (error.details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((i) => {
    const { path, message } = (i ?? {}) as { path?: unknown; message?: unknown };
    return typeof path === 'string' && typeof message === 'string' ? [{ path, message: plainMessage(message) }] : [];
  });
}

/**
 * Places each issue beside the field its path names. The server reports paths relative to the entry
 * being edited (`name`, `queues[1]`, `materials[0].name`, `alerts.waitMinutes`); the longest field name
 * the path starts with wins, and what is left of the path is kept in the message so a list field can
 * say which line is wrong.
 */
export function errorsFor(error: unknown, fieldNames: readonly string[]): FormErrors {
  const issues = issuesOf(error);
  if (!issues.length) {
    const message = error instanceof Error ? error.message : String(error);
    return { fields: {}, general: [message] };
  }
  const byLength = [...fieldNames].sort((a, b) => b.length - a.length);
  const fields: Record<string, string[]> = {};
  const nested: Record<string, FieldIssue[]> = {};
  const general: string[] = [];
  for (const issue of issues) {
    const name = byLength.find((n) => issue.path === n || issue.path.startsWith(`${n}.`) || issue.path.startsWith(`${n}[`));
    if (!name) {
      general.push(issue.path === '(entry)' || issue.path === '(body)' ? issue.message : `${issue.path}: ${issue.message}`);
      continue;
    }
    const rest = issue.path.slice(name.length).replace(/^\./, '');
    (nested[name] ??= []).push({ path: rest, message: issue.message });
    const line = rest.match(/^\[(\d+)\]/);
    const where = line ? `#${Number(line[1]) + 1}${rest.slice(line[0].length) ? ` ${rest.slice(line[0].length).replace(/^\./, '')}` : ''}: ` : rest ? `${rest}: ` : '';
    (fields[name] ??= []).push(where + issue.message);
  }
  // An empty value is first of all missing: 必填 alone, not also "只能包含字母…" for the same field.
  const required = t('issue.required');
  for (const [name, messages] of Object.entries(fields)) if (messages.includes(required)) fields[name] = [required];
  return { fields, general, nested };
}
