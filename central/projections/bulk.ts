import pg from 'pg';

/**
 * Statements travel together: a batch's reads go in one round trip and its writes in another, each a
 * multi-statement simple query. Under load every round trip costs a wake-up of the server process and
 * of Node, which cost more than the statements themselves (16 round trips per batch before).
 * Rows still travel as one JSON array per table (json_to_recordset turns them into a relation).
 */
export interface Sql {
  text: string;
  values: readonly unknown[];
}

/** Statements to run in order, in one round trip. */
export class Statements {
  readonly list: Sql[] = [];

  add(text: string, values: readonly unknown[] = []): void {
    this.list.push({ text, values });
  }

  /** One statement per table per batch: $1 is the rows as JSON; `params` fill $2, $3, …. Nothing when there are no rows. */
  bulk(text: string, rows: readonly object[], params: readonly unknown[] = []): void {
    if (rows.length) this.add(text, [JSON.stringify(rows), ...params]);
  }
}

/**
 * A string as an SQL literal. Long ones (the rows' JSON) are dollar-quoted, taken verbatim by the
 * server with no escaping pass over them in Node; a tag the text does not contain is chosen.
 */
function quoted(s: string): string {
  if (s.length < 256) return pg.escapeLiteral(s);
  let tag = '$hq$';
  // The first tag after the opening one must be the closing one (also when the text ends like a tag's start).
  for (let n = 0; (s + tag).indexOf(tag) !== s.length; n++) tag = `$hq${n}$`;
  return `${tag}${s}${tag}`;
}

/** An element of an array literal: double-quoted, with `"` and `\` escaped by a backslash. */
function element(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`no array element for ${typeof v}`);
  return `"${String(v).replace(/["\\]/g, '\\$&')}"`;
}

/**
 * A value as an SQL literal (the simple protocol takes no parameters). Short strings are quoted by
 * pg's own escapeLiteral, long ones dollar-quoted; arrays become an array literal, a constant
 * (so partitions are pruned when the statement is planned) typed by the statement's own cast
 * (`$n::date[]`, `$n::text[]`, `$n::int[]`).
 */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return quoted(v);
  if (Array.isArray(v)) return quoted(`{${v.map(element).join(',')}}`);
  throw new Error(`no SQL literal for ${typeof v}`);
}

/** The statement with its $n replaced by literals (the statements here hold no other `$`). */
export function inline(sql: Sql): string {
  if (!sql.values.length) return sql.text;
  return sql.text.replace(/\$(\d+)/g, (_m, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= sql.values.length) throw new Error(`no value for $${n}`);
    return literal(sql.values[i]);
  });
}

/** Runs the statements in order in one round trip; one result per statement. Nothing to run: no round trip. */
export async function runAll(client: pg.PoolClient, statements: readonly Sql[]): Promise<pg.QueryResult[]> {
  if (!statements.length) return [];
  const r = (await client.query(statements.map(inline).join(';\n'))) as pg.QueryResult | pg.QueryResult[];
  return Array.isArray(r) ? r : [r];
}
