import { describe, expect, it } from 'vitest';
import { DEMO_CARDS } from '../../../drivers/idcard/demo-cards.ts';
import { decodeTextBlock, encodeTextBlock, type IdCard } from '../../../drivers/idcard/text-block.ts';
import { validateIdNumber } from '../../../drivers/idnumber/id-number.ts';

function decode(block: Buffer): IdCard {
  const r = decodeTextBlock(block);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Builds a block by hand, field by field, as a reader would send it. */
function handBlock(fields: [number, string][]): Buffer {
  const block = Buffer.from(' '.repeat(128), 'utf16le');
  for (const [offset, value] of fields) Buffer.from(value, 'utf16le').copy(block, offset);
  return block;
}

describe('text block: resident card', () => {
  it('decodes a hand-built block at the documented offsets', () => {
    const block = handBlock([
      [0, '张三丰'],
      [30, '1'],
      [32, '07'],
      [36, '19650312'],
      [52, '云南省昆明市五华区翠湖南路88号'],
      [122, '530102196503120012'],
      [158, '昆明市公安局五华分局'],
      [188, '20120801'],
      [204, '长期'],
    ]);
    // 长期 is stored as 7F 95 1F 67.
    expect(block.subarray(204, 208)).toEqual(Buffer.from([0x7f, 0x95, 0x1f, 0x67]));
    expect(decode(block)).toEqual({
      cardType: 'resident',
      name: '张三丰',
      sexCode: '1',
      sex: '男',
      ethnicCode: '07',
      ethnicity: '彝',
      birthDate: '1965-03-12',
      address: '云南省昆明市五华区翠湖南路88号',
      idNumber: '530102196503120012',
      issuingAuthority: '昆明市公安局五华分局',
      validFrom: '2012-08-01',
      validTo: 'long-term',
    });
  });

  it('trims NUL padding as well as spaces', () => {
    const block = handBlock([[0, '李四']]);
    block.fill(0, 4, 30);
    expect(decode(block)).toMatchObject({ name: '李四' });
  });

  it('round-trips every demo card, and each demo card has a valid number', () => {
    for (const card of DEMO_CARDS) {
      const block = encodeTextBlock(card);
      expect(block.length).toBe(256);
      expect(block.subarray(220, 256)).toEqual(Buffer.from(' '.repeat(18), 'utf16le'));
      expect(decode(block)).toEqual(card);
      expect(validateIdNumber(card.idNumber).ok).toBe(true);
    }
    expect(DEMO_CARDS.some((c) => c.validTo === 'long-term')).toBe(true);
  });

  it('refuses to encode a field that does not fit', () => {
    expect(() => encodeTextBlock({ ...DEMO_CARDS[0]!, name: '名'.repeat(16) })).toThrow(/name is longer than 15 characters/);
  });
});

describe('text block: other card types (offset 248)', () => {
  it("'J' Hong Kong/Macao/Taiwan residence permit", () => {
    const card: IdCard = {
      cardType: 'hk-macao-taiwan',
      name: '陈大文',
      sexCode: '1',
      sex: '男',
      ethnicCode: '',
      ethnicity: '',
      birthDate: '1988-02-29',
      address: '云南省昆明市官渡区春城路9号',
      idNumber: '810000198802290011',
      issuingAuthority: '昆明市公安局',
      validFrom: '2020-01-01',
      validTo: '2025-01-01',
      passNumber: 'H12345678',
      issueCount: '01',
    };
    const block = encodeTextBlock(card);
    expect(block.subarray(248, 250)).toEqual(Buffer.from([0x4a, 0x00]));
    expect(block.subarray(220, 238).toString('utf16le')).toBe('H12345678');
    expect(decode(block)).toEqual(card);
  });

  it("'I' foreign permanent resident card, 2017", () => {
    const card: IdCard = {
      cardType: 'foreign-2017',
      englishName: 'SMITH, JOHN',
      sexCode: '1',
      sex: '男',
      cardNumber: 'USA530110050101',
      nationality: 'USA',
      chineseName: '史密斯',
      validFrom: '2017-06-01',
      validTo: '2027-06-01',
      birthDate: '1980-01-01',
      cardVersion: '01',
      issuingAuthorityCode: '5300',
    };
    const block = encodeTextBlock(card);
    expect(block.subarray(248, 250)).toEqual(Buffer.from([0x49, 0x00]));
    expect(block.subarray(152, 158).toString('utf16le')).toBe('USA');
    expect(decode(block)).toEqual(card);
  });

  it("'Y' foreign permanent resident card, 2023, with an English name over 35 characters", () => {
    const englishName = 'VANDERBILT-MONTGOMERY, ALEXANDRA ELIZ ABETH';
    expect(englishName.length).toBeGreaterThan(35);
    const card: IdCard = {
      cardType: 'foreign-2023',
      chineseName: '范德比',
      sexCode: '2',
      sex: '女',
      renewalCount: '00',
      birthDate: '1975-09-09',
      englishName,
      idNumber: '933840197509090027',
      validFrom: '2023-12-01',
      validTo: '2033-12-01',
      nationality: 'GBR',
      previousCardLink: '',
    };
    const block = encodeTextBlock(card);
    expect(block.subarray(248, 250)).toEqual(Buffer.from([0x59, 0x00]));
    expect(block.subarray(220, 242).toString('utf16le').trimEnd()).toBe(englishName.slice(35));
    expect(decode(block)).toEqual(card);
  });

  it('reports an unknown type flag instead of guessing', () => {
    const block = handBlock([[248, 'Q']]);
    expect(decodeTextBlock(block)).toEqual({ ok: false, error: 'unrecognised card type flag U+0051 at offset 248' });
    expect(decodeTextBlock(Buffer.alloc(10))).toEqual({ ok: false, error: 'text block has 10 bytes, expected 256' });
  });
});
