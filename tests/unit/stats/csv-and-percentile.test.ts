import { describe, expect, it } from 'vitest';
import { BOM, CsvSyntaxError, parseCsv, textCell, toCsv } from '../../../server/stats/csv.ts';
import { mean, nearestRank } from '../../../server/stats/percentile.ts';

describe('nearest-rank percentile', () => {
  it('is the ⌈p·n⌉-th smallest value', () => {
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(nearestRank(ten, 0.9)).toBe(9);
    expect(nearestRank(ten, 0.5)).toBe(5);
    expect(nearestRank(ten, 1)).toBe(10);
    expect(nearestRank([4], 0.9)).toBe(4);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10); // ⌈9.9⌉ = 10
    expect(nearestRank([], 0.9)).toBeNull();
    expect(() => nearestRank([1], 0)).toThrow(RangeError);
    expect(mean([])).toBeNull();
    expect(mean([1, 2, 6])).toBe(3);
  });
});

describe('CSV', () => {
  it('writes a BOM, CRLF, and quotes what needs quoting', () => {
    const text = toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', null], [1.5, true]]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(1)).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n1.5,true\r\n');
    expect(textCell('=1+1')).toBe("'=1+1");
    expect(textCell('窗口1')).toBe('窗口1');
  });

  it('parses what it writes, with line numbers of each record', () => {
    const rows = [['名称', '步骤'], ['办证', '取号\n采集'], ['"引号"', ''], ['', 'x']];
    const parsed = parseCsv(toCsv(rows[0]!, rows.slice(1)));
    expect(parsed.map((r) => r.fields)).toEqual(rows);
    expect(parsed.map((r) => r.line)).toEqual([1, 2, 4, 5]);
    expect(parseCsv('a,b\n\n1,2').map((r) => [r.line, r.fields])).toEqual([[1, ['a', 'b']], [3, ['1', '2']]]);
    expect(parseCsv('a\r1\r').map((r) => r.fields)).toEqual([['a'], ['1']]);
  });

  it('names the line of a syntax error', () => {
    expect(() => parseCsv('a,b\n1,"open')).toThrow(CsvSyntaxError);
    const err = (() => {
      try {
        parseCsv('a,b\nx,y\n1,ab"c"');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect((err as CsvSyntaxError).line).toBe(3);
    expect(() => parseCsv('"a"b')).toThrow(/第 1 行/);
  });

  it('counts lines like an editor: quoted CRLF, CR and LF breaks, blank lines, a BOM', () => {
    const text = `${BOM}a,b\r\n"x\r\ny\rz",2\r\n\r\n"多行\n说明",3\r\n4,5`;
    expect(parseCsv(text).map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['x\r\ny\rz', '2']],
      [6, ['多行\n说明', '3']],
      [8, ['4', '5']],
    ]);
    expect(parseCsv('a,b\n1,2\r\n3,4\r5,6').map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
    expect(parseCsv('a,"b,c"\n,\n 1 ,x').map((r) => r.fields)).toEqual([['a', 'b,c'], ['', ''], [' 1 ', 'x']]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv(BOM)).toEqual([]);
  });

  it('names the line where an unclosed quote opened, after quoted line breaks and blank lines', () => {
    const lineOf = (text: string) => {
      try {
        parseCsv(text);
      } catch (e) {
        return e instanceof CsvSyntaxError ? [e.line, e.message] : e;
      }
      return undefined;
    };
    expect(lineOf('a,b\r\n"x\r\ny",1\r\n\r\n2,"open\r\nmore\r\n')).toEqual([5, '第 5 行起的引号没有闭合。']);
    expect(lineOf('a,b\n"x\ny",1\n\n3,4\n5,ab"c"')).toEqual([6, expect.stringMatching(/^第 6 行：引号只能出现在字段开头/)]);
    expect(lineOf('a,b\n"x\ny","z" q')).toEqual([3, '第 3 行：引号字段后只能是逗号或换行。']);
  });
});
