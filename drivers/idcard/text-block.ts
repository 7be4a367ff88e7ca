import type { Decoded } from './codec.ts';
import { ETHNIC_GROUPS, SEX_LABELS } from './ethnic-groups.ts';

/** The 256-byte UCS-2LE text block of a card (protocols.md §1.7, §1.9). */
export const TEXT_BLOCK_LENGTH = 256;

/** Dates are YYYY-MM-DD when the card holds 8 digits; anything else is passed through trimmed. */
export type CardDate = string;

interface ChineseCardFields {
  name: string;
  /** GB/T 2261.1 code: '0', '1', '2' or '9'. */
  sexCode: string;
  /** Label for sexCode (男, 女, …); ignored when encoding. */
  sex: string;
  /** GB 3304 code, "01"–"56", "97", "98"; empty on most residence permits. */
  ethnicCode: string;
  /** Name for ethnicCode as printed on the card (汉, 彝, …); ignored when encoding. */
  ethnicity: string;
  birthDate: CardDate;
  address: string;
  idNumber: string;
  issuingAuthority: string;
  validFrom: CardDate;
  /** 'long-term' for 长期. */
  validTo: CardDate | 'long-term';
}

export interface ResidentCard extends ChineseCardFields {
  cardType: 'resident';
}

/** 港澳台居民居住证 ('J' at offset 248). */
export interface ResidencePermitCard extends ChineseCardFields {
  cardType: 'hk-macao-taiwan';
  /** 通行证号码. */
  passNumber: string;
  /** 签发次数. */
  issueCount: string;
}

/** Foreign permanent resident card, 2017 edition ('I'). */
export interface ForeignCard2017 {
  cardType: 'foreign-2017';
  englishName: string;
  sexCode: string;
  sex: string;
  cardNumber: string;
  nationality: string;
  chineseName: string;
  validFrom: CardDate;
  validTo: CardDate | 'long-term';
  birthDate: CardDate;
  cardVersion: string;
  issuingAuthorityCode: string;
}

/** Foreign permanent resident card, 2023 edition ('Y'); layout from a single source (⚠️). */
export interface ForeignCard2023 {
  cardType: 'foreign-2023';
  chineseName: string;
  sexCode: string;
  sex: string;
  /** 换证次数. */
  renewalCount: string;
  birthDate: CardDate;
  englishName: string;
  idNumber: string;
  validFrom: CardDate;
  validTo: CardDate | 'long-term';
  nationality: string;
  /** Link to the previous card's number (3 characters at offset 250). */
  previousCardLink: string;
}

export type IdCard = ResidentCard | ResidencePermitCard | ForeignCard2017 | ForeignCard2023;

const LONG_TERM = '长期';
const TYPE_OFFSET = 248;

function field(block: Buffer, offset: number, bytes: number): string {
  return block.toString('utf16le', offset, offset + bytes);
}

/** Unused space is padded with U+0020, sometimes U+0000. */
function text(block: Buffer, offset: number, bytes: number): string {
  return field(block, offset, bytes).replace(/[\u0020\u0000]+$/u, '');
}

function date(block: Buffer, offset: number): CardDate {
  const s = text(block, offset, 16);
  return /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : s;
}

function validTo(block: Buffer, offset: number): CardDate | 'long-term' {
  const s = text(block, offset, 16);
  return s === LONG_TERM ? 'long-term' : date(block, offset);
}

function chineseFields(b: Buffer): ChineseCardFields {
  const sexCode = text(b, 30, 2);
  const ethnicCode = text(b, 32, 4);
  return {
    name: text(b, 0, 30),
    sexCode,
    sex: SEX_LABELS[sexCode] ?? '',
    ethnicCode,
    ethnicity: ETHNIC_GROUPS[ethnicCode] ?? '',
    birthDate: date(b, 36),
    address: text(b, 52, 70),
    idNumber: text(b, 122, 36),
    issuingAuthority: text(b, 158, 30),
    validFrom: date(b, 188),
    validTo: validTo(b, 204),
  };
}

export function decodeTextBlock(block: Uint8Array): Decoded<IdCard> {
  if (block.length < TEXT_BLOCK_LENGTH) return { ok: false, error: `text block has ${block.length} bytes, expected 256` };
  const b = Buffer.from(block.buffer, block.byteOffset, TEXT_BLOCK_LENGTH);
  const flag = field(b, TYPE_OFFSET, 2);
  switch (flag) {
    case ' ':
    case '\u0000':
      return { ok: true, value: { cardType: 'resident', ...chineseFields(b) } };
    case 'J':
      return {
        ok: true,
        value: { cardType: 'hk-macao-taiwan', ...chineseFields(b), passNumber: text(b, 220, 18), issueCount: text(b, 238, 4) },
      };
    case 'I': {
      const sexCode = text(b, 120, 2);
      return {
        ok: true,
        value: {
          cardType: 'foreign-2017',
          englishName: text(b, 0, 120),
          sexCode,
          sex: SEX_LABELS[sexCode] ?? '',
          cardNumber: text(b, 122, 30),
          nationality: text(b, 152, 6),
          chineseName: text(b, 158, 30),
          validFrom: date(b, 188),
          validTo: validTo(b, 204),
          birthDate: date(b, 220),
          cardVersion: text(b, 236, 4),
          issuingAuthorityCode: text(b, 240, 8),
        },
      };
    }
    case 'Y': {
      const sexCode = text(b, 30, 2);
      const tail = text(b, 220, 22);
      // The English name spans two fields; keep a space that falls exactly on the split.
      const englishName = tail ? field(b, 52, 70) + tail : text(b, 52, 70);
      return {
        ok: true,
        value: {
          cardType: 'foreign-2023',
          chineseName: text(b, 0, 30),
          sexCode,
          sex: SEX_LABELS[sexCode] ?? '',
          renewalCount: text(b, 32, 4),
          birthDate: date(b, 36),
          englishName,
          idNumber: text(b, 122, 36),
          validFrom: date(b, 188),
          validTo: validTo(b, 204),
          nationality: text(b, 242, 6),
          previousCardLink: text(b, 250, 6),
        },
      };
    }
    default:
      return { ok: false, error: `unrecognised card type flag U+${b.readUInt16LE(TYPE_OFFSET).toString(16).padStart(4, '0')} at offset 248` };
  }
}

class BlockWriter {
  readonly block = Buffer.from(' '.repeat(TEXT_BLOCK_LENGTH / 2), 'utf16le');

  put(offset: number, bytes: number, value: string, what: string): void {
    const encoded = Buffer.from(value, 'utf16le');
    if (encoded.length > bytes) throw new RangeError(`${what} is longer than ${bytes / 2} characters`);
    encoded.copy(this.block, offset);
  }

  date(offset: number, value: CardDate | 'long-term', what: string): void {
    const raw = value === 'long-term' ? LONG_TERM : /^\d{4}-\d{2}-\d{2}$/.test(value) ? value.replaceAll('-', '') : value;
    this.put(offset, 16, raw, what);
  }
}

function writeChinese(w: BlockWriter, c: ChineseCardFields): void {
  w.put(0, 30, c.name, 'name');
  w.put(30, 2, c.sexCode, 'sex code');
  w.put(32, 4, c.ethnicCode, 'ethnic code');
  w.date(36, c.birthDate, 'birth date');
  w.put(52, 70, c.address, 'address');
  w.put(122, 36, c.idNumber, 'ID number');
  w.put(158, 30, c.issuingAuthority, 'issuing authority');
  w.date(188, c.validFrom, 'valid from');
  w.date(204, c.validTo, 'valid to');
}

/** Builds the text block a reader would return for this card (used by the simulator and tests). */
export function encodeTextBlock(card: IdCard): Buffer {
  const w = new BlockWriter();
  switch (card.cardType) {
    case 'resident':
      writeChinese(w, card);
      break;
    case 'hk-macao-taiwan':
      writeChinese(w, card);
      w.put(220, 18, card.passNumber, 'pass number');
      w.put(238, 4, card.issueCount, 'issue count');
      w.put(TYPE_OFFSET, 2, 'J', 'type');
      break;
    case 'foreign-2017':
      w.put(0, 120, card.englishName, 'English name');
      w.put(120, 2, card.sexCode, 'sex code');
      w.put(122, 30, card.cardNumber, 'card number');
      w.put(152, 6, card.nationality, 'nationality');
      w.put(158, 30, card.chineseName, 'Chinese name');
      w.date(188, card.validFrom, 'valid from');
      w.date(204, card.validTo, 'valid to');
      w.date(220, card.birthDate, 'birth date');
      w.put(236, 4, card.cardVersion, 'card version');
      w.put(240, 8, card.issuingAuthorityCode, 'issuing authority code');
      w.put(TYPE_OFFSET, 2, 'I', 'type');
      break;
    case 'foreign-2023':
      w.put(0, 30, card.chineseName, 'Chinese name');
      w.put(30, 2, card.sexCode, 'sex code');
      w.put(32, 4, card.renewalCount, 'renewal count');
      w.date(36, card.birthDate, 'birth date');
      w.put(52, 70, card.englishName.slice(0, 35), 'English name');
      w.put(220, 22, card.englishName.slice(35), 'English name (characters 36–46)');
      w.put(122, 36, card.idNumber, 'ID number');
      w.date(188, card.validFrom, 'valid from');
      w.date(204, card.validTo, 'valid to');
      w.put(242, 6, card.nationality, 'nationality');
      w.put(TYPE_OFFSET, 2, 'Y', 'type');
      w.put(250, 6, card.previousCardLink, 'previous card link');
      break;
  }
  return w.block;
}
