import { describe, expect, it } from 'vitest';
import {
  conditionFromAsb,
  conditionFromReplies,
  decodeAsb,
  decodeStatusReply,
  encodeAsb,
  encodeStatusReply,
  faultReason,
  isAsbFirstByte,
  isStatusReplyByte,
  statusRequest,
  type StatusReply,
} from '../../../drivers/printer/codec.ts';

describe('printer status codec', () => {
  it('builds DLE EOT n requests', () => {
    expect([...statusRequest(1)]).toEqual([0x10, 0x04, 0x01]);
    expect([...statusRequest(4)]).toEqual([0x10, 0x04, 0x04]);
  });

  it('decodes the out-of-paper example from protocols.md (1A, 32, 7E)', () => {
    const r1 = decodeStatusReply(1, 0x1a);
    const r2 = decodeStatusReply(2, 0x32);
    const r4 = decodeStatusReply(4, 0x7e);
    expect(r1).toMatchObject({ kind: 1, offline: true, drawerPin3High: false, waitingOnlineRecovery: false });
    expect(r2).toMatchObject({ kind: 2, paperEndStop: true, coverOpen: false, errorOccurred: false });
    expect(r4).toMatchObject({ kind: 4, paperEnd: true, nearEnd: true });
    const condition = conditionFromReplies([r1!, r2!, r4!]);
    expect(condition).toMatchObject({ offline: true, paperEnd: true, coverOpen: false, errors: [] });
    expect(faultReason(condition)).toMatch(/paper end/);
    expect(faultReason(condition)).toMatch(/缺纸/);
    // Offline is a consequence here, not the cause worth telling staff.
    expect(faultReason(condition)).not.toMatch(/offline/);
  });

  it('treats 12 as all clear for every request', () => {
    const replies = ([1, 2, 3, 4] as const).map((n) => decodeStatusReply(n, 0x12)!);
    const c = conditionFromReplies(replies);
    expect(c).toEqual({ offline: false, coverOpen: false, paperEnd: false, paperNearEnd: false, errors: [] });
    expect(faultReason(c)).toBeUndefined();
  });

  it('decodes cover open, near end, error causes and plain offline', () => {
    expect(decodeStatusReply(2, 0x16)).toMatchObject({ coverOpen: true });
    expect(decodeStatusReply(4, 0x1e)).toMatchObject({ nearEnd: true, paperEnd: false });
    expect(decodeStatusReply(3, 0x1a)).toMatchObject({ autocutterError: true, unrecoverableError: false });
    expect(faultReason(conditionFromReplies([decodeStatusReply(2, 0x16)!]))).toMatch(/cover open/);
    expect(faultReason(conditionFromReplies([decodeStatusReply(1, 0x1a)!]))).toMatch(/offline/);
    expect(faultReason(conditionFromReplies([decodeStatusReply(4, 0x1e)!]))).toBeUndefined();
    expect(faultReason(conditionFromReplies([decodeStatusReply(2, 0x52)!, decodeStatusReply(3, 0x1a)!]))).toMatch(/cutter/);
    expect(faultReason(conditionFromReplies([decodeStatusReply(2, 0x52)!]))).toMatch(/printer error/);
  });

  it('rejects bytes without the fixed bits', () => {
    expect(decodeStatusReply(1, 0x00)).toBeUndefined();
    expect(decodeStatusReply(4, 0x93)).toBeUndefined();
    expect(decodeStatusReply(1, 0x10)).toBeUndefined();
  });

  it('tells DLE EOT replies and ASB first bytes apart with b & 0x93', () => {
    expect(isStatusReplyByte(0x12)).toBe(true);
    expect(isAsbFirstByte(0x12)).toBe(false);
    expect(isAsbFirstByte(0x10)).toBe(true);
    expect(isStatusReplyByte(0x10)).toBe(false);
    expect(isAsbFirstByte(0x38)).toBe(true);
    expect(isStatusReplyByte(0x7e)).toBe(true);
  });

  it('round-trips every status reply through encode and decode', () => {
    for (const n of [1, 2, 3, 4] as const) {
      for (let b = 0; b < 256; b++) {
        const r = decodeStatusReply(n, b);
        if (!r) continue;
        const back = decodeStatusReply(n, encodeStatusReply(r)) as StatusReply;
        expect(back).toEqual(r);
      }
    }
  });

  it('decodes ASB frames', () => {
    // Offline + cover open, autocutter error, paper end.
    const s = decodeAsb(Uint8Array.of(0x38, 0x08, 0x0c, 0x00))!;
    expect(s).toMatchObject({ offline: true, coverOpen: true, autocutterError: true, paperEnd: true, paperNearEnd: false });
    expect(decodeAsb(Uint8Array.of(0x10, 0x00, 0x03, 0x00))).toMatchObject({ paperNearEnd: true, paperEnd: false, offline: false });
    expect(decodeAsb(Uint8Array.of(0x12, 0, 0, 0))).toBeUndefined();
    expect(decodeAsb(Uint8Array.of(0x10, 0, 0))).toBeUndefined();
    const c = conditionFromAsb(s);
    expect(faultReason(c)).toMatch(/paper end.*cover open.*cutter/);
  });

  it('encodes ASB frames the decoder reads back', () => {
    const frame = encodeAsb({
      drawer: false, offline: true, coverOpen: false, feeding: false, autocutterError: false,
      unrecoverableError: true, autoRecoverableError: false, paperNearEnd: true, paperEnd: false,
    });
    expect(frame.length).toBe(4);
    expect(decodeAsb(frame)).toMatchObject({ offline: true, unrecoverableError: true, paperNearEnd: true, paperEnd: false });
  });
});
