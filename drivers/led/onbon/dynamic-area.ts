import iconv from 'iconv-lite';

/** A3 06 "update dynamic area" data field (protocols.md §4a). */
export const GROUP_DYNAMIC = 0xa3;
export const CMD_UPDATE_DYNAMIC_AREA = 0x06;

/** Display modes of an area block. */
export const ONBON_DISPLAY_MODE = {
  static: 0x01,
  typeOut: 0x02,
  moveLeft: 0x03,
  moveRight: 0x04,
  moveUp: 0x05,
  moveDown: 0x06,
} as const;

export interface DynamicAreaBlock {
  id: number;
  /** Coordinates exactly as sent (units are the caller's choice; see the driver's coordinate options). */
  x: number;
  y: number;
  width: number;
  height: number;
  lineSpacing: number;
  /** 0 loop, 1 stay on last page, 2 loop then delete after the timeout. */
  runMode: number;
  timeoutSeconds: number;
  alignment: number;
  /** 01 single line, 02 multi-line. */
  singleLine: number;
  /** 01 no auto-wrap, 02 auto-wrap. */
  lineWrap: number;
  displayMode: number;
  exitMode: number;
  /** 00 fastest … 18 slowest. */
  speed: number;
  /** 0.5 s units. */
  stayTime: number;
  text: string;
}

export interface DynamicAreaUpdate {
  /** 01 in the published example (unconfirmed meaning). */
  replyFlag: number;
  /** Two reserved bytes, LE; 2D 00 in the published example. */
  reserved: number;
  /** Areas to delete first; an empty list is sent as count 00. */
  deleteIds: number[];
  areas: DynamicAreaBlock[];
}

export const TEXT_ENCODING = 'gb2312';

export function encodeText(text: string): Buffer {
  return iconv.encode(text, TEXT_ENCODING);
}

export function decodeText(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes), TEXT_ENCODING);
}

function u16(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff];
}

function encodeArea(area: DynamicAreaBlock): Buffer {
  const text = encodeText(area.text);
  const body = Buffer.from([
    0x00, // area type
    ...u16(area.x), ...u16(area.y), ...u16(area.width), ...u16(area.height),
    area.id, area.lineSpacing, area.runMode, ...u16(area.timeoutSeconds),
    0x00, // voice flag: no voice
    0x00, // extension count
    area.alignment, area.singleLine, area.lineWrap, area.displayMode, area.exitMode, area.speed, area.stayTime,
  ]);
  const textLength = Buffer.alloc(4);
  textLength.writeUInt32LE(text.length);
  const rest = Buffer.concat([body, textLength, text]);
  if (rest.length > 0xffff) throw new RangeError(`area ${area.id} text too long`);
  return Buffer.concat([Buffer.from(u16(rest.length)), rest]);
}

export function encodeDynamicAreaUpdate(update: DynamicAreaUpdate): Buffer {
  if (update.deleteIds.length >= 0xff) throw new RangeError('too many areas to delete');
  if (update.areas.length > 0xff) throw new RangeError('too many areas to update');
  return Buffer.concat([
    Buffer.from([GROUP_DYNAMIC, CMD_UPDATE_DYNAMIC_AREA, update.replyFlag, ...u16(update.reserved)]),
    Buffer.from([update.deleteIds.length, ...update.deleteIds]),
    Buffer.from([update.areas.length]),
    ...update.areas.map(encodeArea),
  ]);
}

export type DynamicAreaDecoded = { ok: true; update: DynamicAreaUpdate } | { ok: false; reason: string };

/** Reads an A3 06 data field back. Never throws; understands voice and extension bytes it never sends. */
export function decodeDynamicAreaUpdate(data: Uint8Array): DynamicAreaDecoded {
  const b = Buffer.from(data);
  const fail = (reason: string): DynamicAreaDecoded => ({ ok: false, reason });
  if (b.length < 7) return fail('data field too short');
  if (b[0] !== GROUP_DYNAMIC || b[1] !== CMD_UPDATE_DYNAMIC_AREA) return fail('not an A3 06 command');
  let o = 5;
  const deleteCount = b[o++] ?? 0;
  const deleteIds: number[] = [];
  // 00 and FF carry no IDs.
  if (deleteCount !== 0 && deleteCount !== 0xff) {
    if (o + deleteCount > b.length) return fail('delete list runs past the data');
    deleteIds.push(...b.subarray(o, o + deleteCount));
    o += deleteCount;
  }
  const count = b[o++];
  if (count === undefined) return fail('update count missing');
  const areas: DynamicAreaBlock[] = [];
  for (let i = 0; i < count; i++) {
    if (o + 2 > b.length) return fail(`area ${i} missing`);
    const length = b.readUInt16LE(o);
    o += 2;
    const end = o + length;
    if (end > b.length) return fail(`area ${i} runs past the data`);
    const a = b.subarray(o, end);
    o = end;
    if (a.length < 27) return fail(`area ${i} too short`);
    let p = 9;
    const id = a[p++] ?? 0;
    const lineSpacing = a[p++] ?? 0;
    const runMode = a[p++] ?? 0;
    const timeoutSeconds = a.readUInt16LE(p);
    p += 2;
    const voice = a[p++] ?? 0;
    if (voice === 1) p += 3;
    else if (voice === 2) p += 7 + (p + 7 <= a.length ? a.readUInt32LE(p + 3) : 0);
    const extensions = a[p++] ?? 0;
    p += 2 * extensions;
    if (p + 11 > a.length) return fail(`area ${i} too short for its voice/extension bytes`);
    const [alignment, singleLine, lineWrap, displayMode, exitMode, speed, stayTime] = a.subarray(p, p + 7);
    p += 7;
    const textLength = a.readUInt32LE(p);
    p += 4;
    if (p + textLength !== a.length) return fail(`area ${i} text length ${textLength} does not match its area length`);
    areas.push({
      id, lineSpacing, runMode, timeoutSeconds,
      x: a.readUInt16LE(1), y: a.readUInt16LE(3), width: a.readUInt16LE(5), height: a.readUInt16LE(7),
      alignment: alignment ?? 0, singleLine: singleLine ?? 0, lineWrap: lineWrap ?? 0, displayMode: displayMode ?? 0,
      exitMode: exitMode ?? 0, speed: speed ?? 0, stayTime: stayTime ?? 0,
      text: decodeText(a.subarray(p)),
    });
  }
  if (o !== b.length) return fail(`${b.length - o} unexpected byte(s) after the areas`);
  return { ok: true, update: { replyFlag: b[2] ?? 0, reserved: b.readUInt16LE(3), deleteIds, areas } };
}
