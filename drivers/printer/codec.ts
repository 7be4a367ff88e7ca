/**
 * ESC/POS status codec (protocols.md §3): DLE EOT real-time status requests and replies, and
 * automatic status back (ASB) frames. Pure functions only.
 */

export type StatusRequestKind = 1 | 2 | 3 | 4;

export const STATUS_REQUEST_NAMES: Record<StatusRequestKind, string> = {
  1: 'DLE EOT 1 (printer status)',
  2: 'DLE EOT 2 (offline cause)',
  3: 'DLE EOT 3 (error cause)',
  4: 'DLE EOT 4 (roll paper sensor)',
};

export function statusRequest(n: StatusRequestKind): Uint8Array {
  return Uint8Array.of(0x10, 0x04, n);
}

/** Fixed bits of a DLE EOT reply (bit1 = 1, bit4 = 1, bits 0 and 7 = 0). */
export function isStatusReplyByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

/** First byte of an ASB frame: bit4 = 1, bits 0, 1 and 7 = 0. */
export function isAsbFirstByte(b: number): boolean {
  return (b & 0x93) === 0x10;
}

export interface PrinterStatusReply {
  kind: 1;
  drawerPin3High: boolean;
  offline: boolean;
  waitingOnlineRecovery: boolean;
  feedButtonPressed: boolean;
}

export interface OfflineCauseReply {
  kind: 2;
  coverOpen: boolean;
  feedingByButton: boolean;
  paperEndStop: boolean;
  errorOccurred: boolean;
}

export interface ErrorCauseReply {
  kind: 3;
  autocutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
}

export interface PaperSensorReply {
  kind: 4;
  nearEnd: boolean;
  paperEnd: boolean;
}

export type StatusReply = PrinterStatusReply | OfflineCauseReply | ErrorCauseReply | PaperSensorReply;

const bit = (b: number, n: number): boolean => (b & (1 << n)) !== 0;

/** Decodes a DLE EOT n reply; undefined when the byte lacks the fixed bits (not a status reply). */
export function decodeStatusReply(n: StatusRequestKind, b: number): StatusReply | undefined {
  if (!isStatusReplyByte(b)) return undefined;
  switch (n) {
    case 1:
      return { kind: 1, drawerPin3High: bit(b, 2), offline: bit(b, 3), waitingOnlineRecovery: bit(b, 5), feedButtonPressed: bit(b, 6) };
    case 2:
      return { kind: 2, coverOpen: bit(b, 2), feedingByButton: bit(b, 3), paperEndStop: bit(b, 5), errorOccurred: bit(b, 6) };
    case 3:
      return { kind: 3, autocutterError: bit(b, 3), unrecoverableError: bit(b, 5), autoRecoverableError: bit(b, 6) };
    case 4:
      // Sensors report with a pair of bits (0C, 60); either bit set is taken as the condition so a
      // printer that sets only one of the pair is not mistaken for having paper.
      return { kind: 4, nearEnd: (b & 0x0c) !== 0, paperEnd: (b & 0x60) !== 0 };
  }
}

/** Encodes a DLE EOT reply byte (used by the simulator). */
export function encodeStatusReply(reply: StatusReply): number {
  let b = 0x12;
  const set = (on: boolean, mask: number): void => {
    if (on) b |= mask;
  };
  switch (reply.kind) {
    case 1:
      set(reply.drawerPin3High, 0x04);
      set(reply.offline, 0x08);
      set(reply.waitingOnlineRecovery, 0x20);
      set(reply.feedButtonPressed, 0x40);
      break;
    case 2:
      set(reply.coverOpen, 0x04);
      set(reply.feedingByButton, 0x08);
      set(reply.paperEndStop, 0x20);
      set(reply.errorOccurred, 0x40);
      break;
    case 3:
      set(reply.autocutterError, 0x08);
      set(reply.unrecoverableError, 0x20);
      set(reply.autoRecoverableError, 0x40);
      break;
    case 4:
      set(reply.nearEnd, 0x0c);
      set(reply.paperEnd, 0x60);
      break;
  }
  return b;
}

/** GS a n: enable automatic status back. Bits: 0 drawer, 1 online/offline, 2 error, 3 paper sensor. */
export function asbEnable(n = 0x0f): Uint8Array {
  return Uint8Array.of(0x1d, 0x61, n & 0xff);
}

export interface AsbStatus {
  drawer: boolean;
  offline: boolean;
  coverOpen: boolean;
  feeding: boolean;
  autocutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
  paperNearEnd: boolean;
  paperEnd: boolean;
  /** Byte 4 is vendor-specific; kept for logs. */
  vendor: number;
}

export function decodeAsb(frame: Uint8Array): AsbStatus | undefined {
  const [b1, b2, b3, b4] = frame;
  if (frame.length !== 4 || b1 === undefined || b2 === undefined || b3 === undefined || b4 === undefined) return undefined;
  if (!isAsbFirstByte(b1)) return undefined;
  return {
    drawer: bit(b1, 2),
    offline: bit(b1, 3),
    coverOpen: bit(b1, 5),
    feeding: bit(b1, 6),
    autocutterError: bit(b2, 3),
    unrecoverableError: bit(b2, 5),
    autoRecoverableError: bit(b2, 6),
    paperNearEnd: (b3 & 0x03) !== 0,
    paperEnd: (b3 & 0x0c) !== 0,
    vendor: b4,
  };
}

export function encodeAsb(s: Omit<AsbStatus, 'vendor'> & { vendor?: number }): Uint8Array {
  const b1 = 0x10 | (s.drawer ? 0x04 : 0) | (s.offline ? 0x08 : 0) | (s.coverOpen ? 0x20 : 0) | (s.feeding ? 0x40 : 0);
  const b2 = (s.autocutterError ? 0x08 : 0) | (s.unrecoverableError ? 0x20 : 0) | (s.autoRecoverableError ? 0x40 : 0);
  const b3 = (s.paperNearEnd ? 0x03 : 0) | (s.paperEnd ? 0x0c : 0);
  return Uint8Array.of(b1, b2, b3, (s.vendor ?? 0) & 0xff);
}

/** What the driver needs to know, merged from whichever replies or frames arrived. */
export interface PrinterCondition {
  offline: boolean;
  coverOpen: boolean;
  paperEnd: boolean;
  paperNearEnd: boolean;
  /** Error causes in plain words; non-empty means the printer reported an error. */
  errors: string[];
}

export const CLEAR_CONDITION: PrinterCondition = { offline: false, coverOpen: false, paperEnd: false, paperNearEnd: false, errors: [] };

export function conditionFromReplies(replies: readonly StatusReply[]): PrinterCondition {
  const c: PrinterCondition = { ...CLEAR_CONDITION, errors: [] };
  let errorOccurred = false;
  for (const r of replies) {
    if (r.kind === 1) c.offline ||= r.offline;
    if (r.kind === 2) {
      c.coverOpen ||= r.coverOpen;
      c.paperEnd ||= r.paperEndStop;
      errorOccurred ||= r.errorOccurred;
    }
    if (r.kind === 3) c.errors.push(...errorWords(r.autocutterError, r.unrecoverableError, r.autoRecoverableError));
    if (r.kind === 4) {
      c.paperEnd ||= r.paperEnd;
      c.paperNearEnd ||= r.nearEnd;
    }
  }
  if (errorOccurred && c.errors.length === 0) c.errors.push('printer error (打印机故障)');
  return c;
}

export function conditionFromAsb(s: AsbStatus): PrinterCondition {
  return {
    offline: s.offline,
    coverOpen: s.coverOpen,
    paperEnd: s.paperEnd,
    paperNearEnd: s.paperNearEnd,
    errors: errorWords(s.autocutterError, s.unrecoverableError, s.autoRecoverableError),
  };
}

function errorWords(cutter: boolean, unrecoverable: boolean, autoRecoverable: boolean): string[] {
  const out: string[] = [];
  if (cutter) out.push('cutter error (切刀故障)');
  if (unrecoverable) out.push('unrecoverable error (不可恢复错误)');
  if (autoRecoverable) out.push('print head error, e.g. overheated (打印头故障)');
  return out;
}

/**
 * Why the printer cannot print, in plain words, or undefined when it can. Offline is named only
 * when no more specific cause is known, because paper end and cover open also set the offline bit.
 */
export function faultReason(c: PrinterCondition): string | undefined {
  const reasons: string[] = [];
  if (c.paperEnd) reasons.push('paper end (缺纸)');
  if (c.coverOpen) reasons.push('cover open (纸仓盖打开)');
  reasons.push(...c.errors);
  if (reasons.length === 0 && c.offline) reasons.push('printer offline (脱机)');
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}
