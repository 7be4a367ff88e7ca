import { describe, expect, it } from 'vitest';
import { actionForKey, availability, isOwnedKey } from '../../../window-ui/actions.ts';
import { elapsedFor, formatDuration } from '../../../window-ui/elapsed.ts';
import { suggestedWindow } from '../../../window-ui/app.tsx';
import { NOW, ticket, windowState } from './fixtures.ts';

const key = (k: string, shift = false) => ({ key: k, shiftKey: shift, ctrlKey: false, altKey: false, metaKey: false, repeat: false });

describe('keys', () => {
  it('maps function keys to actions and leaves F5 and F11 to the browser', () => {
    expect(actionForKey(key('F1'))).toBe('callNext');
    expect(actionForKey(key('F1', true))).toBe('callSelected');
    expect(actionForKey(key('F2'))).toBe('recall');
    expect(actionForKey(key('F4'))).toBe('finish');
    expect(actionForKey(key('F12'))).toBe('pause');
    expect(actionForKey(key('F5'))).toBeNull();
    expect(isOwnedKey('F5')).toBe(false);
    expect(isOwnedKey('F11')).toBe(false);
    expect(isOwnedKey('F3')).toBe(true);
    expect(actionForKey({ ...key('F1'), ctrlKey: true })).toBeNull();
  });
});

describe('availability mirrors what the engine would refuse', () => {
  const called = ticket({ state: 'called', window: 1, calledAt: new Date(NOW).toISOString() });
  const serving = ticket({ state: 'serving', window: 1, calledAt: new Date(NOW).toISOString(), startedAt: new Date(NOW).toISOString() });
  const waiting = [ticket({ id: '00000000-0000-4000-8000-000000000002', number: 'A002' })];
  const base = { busy: false, selected: null, lastFinished: null };

  it('with nothing in hand: call next only when someone waits; no recall, start, finish, no-show or transfer', () => {
    const a = availability({ ...base, state: windowState({ waiting }) });
    expect(a.callNext.enabled).toBe(true);
    expect(a.recall).toMatchObject({ enabled: false, why: { key: 'why.noCurrent' } });
    for (const id of ['start', 'finish', 'noShow', 'transfer', 'suspend'] as const) expect(a[id].enabled).toBe(false);
    expect(availability({ ...base, state: windowState() }).callNext).toMatchObject({ enabled: false, why: { key: 'why.noWaiting' } });
  });

  it('a called ticket: recall up to maxRecalls, start, no-show; calling again is refused until it is settled', () => {
    const a = availability({ ...base, state: windowState({ waiting }, called) });
    expect(a.recall.enabled && a.start.enabled && a.noShow.enabled && a.finish.enabled && a.transfer.enabled).toBe(true);
    expect(a.callNext).toMatchObject({ enabled: false, why: { key: 'why.calledInHand' } });
    const limit = availability({ ...base, state: windowState({ waiting }, { ...called, recallCount: 3 }) });
    expect(limit.recall).toMatchObject({ enabled: false, why: { key: 'why.recallLimit', params: { max: 3 } } });
  });

  it('a ticket being served: no recall or no-show; calling next asks to finish it as 办结 first, or is refused by the rule', () => {
    const a = availability({ ...base, state: windowState({ waiting }, serving) });
    expect(a.recall.enabled).toBe(false);
    expect(a.noShow.enabled).toBe(false);
    expect(a.start.enabled).toBe(false);
    expect(a.callNext).toMatchObject({ enabled: true, settlesCurrent: true });
    expect(a.evaluate.enabled).toBe(true);
    const refuse = availability({ ...base, state: windowState({ waiting, rules: { maxRecalls: 3, callNextWithCurrent: 'refuse' } }, serving) });
    expect(refuse.callNext).toMatchObject({ enabled: false, why: { key: 'why.refuseInHand' } });
  });

  it('paused: no calls, recalls or call-backs; the pause key resumes', () => {
    const s = windowState({ waiting, suspended: [ticket({ state: 'suspended', window: 1 })] });
    s.window!.status = 'paused';
    const a = availability({ ...base, state: s });
    expect(a.callNext).toMatchObject({ enabled: false, why: { key: 'why.paused' } });
    expect(a.resumeTicket.enabled).toBe(false);
    expect(a.pause.enabled).toBe(true);
  });

  it('everything waits while an action runs', () => {
    const a = availability({ ...base, busy: true, state: windowState({ waiting }, serving) });
    expect(Object.values(a).every((x) => !x.enabled)).toBe(true);
  });

  it('call selected needs a selection that is still waiting', () => {
    expect(availability({ ...base, state: windowState({ waiting }) }).callSelected.enabled).toBe(false);
    expect(availability({ ...base, selected: waiting[0]!, state: windowState({ waiting }) }).callSelected.enabled).toBe(true);
    expect(availability({ ...base, selected: waiting[0]!, state: windowState() }).callSelected.enabled).toBe(false);
  });

  it('evaluation: the ticket being served, or the last one finished here if not yet rated', () => {
    const finished = ticket({ state: 'finished', window: 1 });
    expect(availability({ ...base, state: windowState() }).evaluate.enabled).toBe(false);
    expect(availability({ ...base, lastFinished: finished, state: windowState() }).evaluate.enabled).toBe(true);
    expect(availability({ ...base, lastFinished: { ...finished, evaluation: 'satisfied' }, state: windowState() }).evaluate.enabled).toBe(false);
    expect(availability({ ...base, lastFinished: finished, state: windowState({}, called) }).evaluate.enabled).toBe(false);
  });
});

describe('elapsed time against the service time', () => {
  const t0 = '2026-11-30T02:00:00.000Z';
  it('counts from the start of service, else from the call; amber from 80 %, red past the limit', () => {
    expect(elapsedFor({ calledAt: t0, startedAt: null }, NOW + 65_000, 10)).toEqual({ seconds: 65, level: 'ok', overMinutes: 0 });
    expect(elapsedFor({ calledAt: t0, startedAt: null }, NOW + 8 * 60_000, 10).level).toBe('amber');
    expect(elapsedFor({ calledAt: t0, startedAt: null }, NOW + 10 * 60_000, 10).level).toBe('red');
    expect(elapsedFor({ calledAt: t0, startedAt: null }, NOW + 13 * 60_000 + 5_000, 10).overMinutes).toBe(3);
    expect(elapsedFor({ calledAt: '2026-11-30T01:00:00Z', startedAt: t0 }, NOW + 60_000, 10).seconds).toBe(60);
    // A PC clock behind the server never shows negative time.
    expect(elapsedFor({ calledAt: t0, startedAt: null }, NOW - 5_000, 10).seconds).toBe(0);
  });

  it('formats as mm:ss, and h:mm:ss past an hour', () => {
    expect(formatDuration(65)).toBe('01:05');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});

describe('which window this PC stands at', () => {
  it('takes ?window= first, then the remembered one', () => {
    expect(suggestedWindow('?window=3', '1')).toBe(3);
    expect(suggestedWindow('', '2')).toBe(2);
    expect(suggestedWindow('?window=x', null)).toBeNull();
  });
});
