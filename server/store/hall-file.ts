import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { HallConfig } from '../../contract/config.ts';
import { findMalformedText } from '../common/well-formed.ts';

/**
 * A configuration file that cannot be used; the message names the file, the path inside it and the
 * fault, and `subject` says which file it is ("the hall configuration", "the devices file").
 */
export class ConfigFileError extends Error {
  constructor(readonly file: string, readonly problems: string[], readonly subject = 'the hall configuration') {
    super(`${file}: ${problems.length === 1 ? problems[0] : `${problems.length} problems\n  - ${problems.join('\n  - ')}`}`);
    this.name = 'ConfigFileError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

export function parseHallYaml(text: string, file: string): HallConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ConfigFileError(file, doc.errors.map((e) => `YAML syntax error at line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`));
  }
  const js: unknown = doc.toJS();
  // A "\ud800" escape in a double-quoted YAML string gives a lone UTF-16 surrogate, which SQLite cannot
  // keep as written; "\0" gives U+0000, which the central platform's PostgreSQL refuses.
  const malformed = findMalformedText(js);
  if (malformed !== null) throw new ConfigFileError(file, [`${malformed}: an escape such as "\\ud800" (half of a UTF-16 surrogate pair) or "\\0" (U+0000) gives text that cannot be stored; write the character itself`]);
  const result = HallConfig.safeParse(js);
  if (!result.success) {
    throw new ConfigFileError(file, result.error.issues.slice(0, 20).map((i) => `${formatPath(i.path) || '(top level)'}: ${i.message}`));
  }
  return result.data;
}

export function loadHallFile(file: string): HallConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(file, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  return parseHallYaml(text, file);
}
