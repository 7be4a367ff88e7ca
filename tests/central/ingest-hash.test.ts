import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash } from '../../central/ingest/hash.ts';

describe('event content hash', () => {
  it('ignores key order at every level and drops undefined like JSON', () => {
    const a = { seq: 1, data: { b: 2, a: [1, { y: 1, x: 2 }] }, ticket: null, extra: undefined };
    const b = { ticket: null, data: { a: [1, { x: 2, y: 1 }], b: 2 }, seq: 1 };
    expect(canonicalJson(a)).toBe('{"data":{"a":[1,{"x":2,"y":1}],"b":2},"seq":1,"ticket":null}');
    expect(eventHash(a)).toBe(eventHash(b));
  });

  it('changes with any value', () => {
    expect(eventHash({ seq: 1, data: { a: 1 } })).not.toBe(eventHash({ seq: 1, data: { a: 2 } }));
    expect(eventHash({ seq: 1, data: [1, 2] })).not.toBe(eventHash({ seq: 1, data: [2, 1] }));
  });
});
