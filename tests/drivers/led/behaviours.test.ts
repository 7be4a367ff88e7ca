import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceHealth } from '../../../drivers/core/health.ts';
import { AreaFlasher } from '../../../drivers/led/flasher.ts';
import { composeStripText, StripLed } from '../../../drivers/led/strip.ts';
import { displayWidth, fillTemplate } from '../../../drivers/led/template.ts';
import type { LedEffect, LedScreen } from '../../../drivers/led/types.ts';
import { WindowLed } from '../../../drivers/led/window.ts';

class RecordingScreen implements LedScreen {
  readonly health: DeviceHealth = { state: 'ready' };
  readonly calls: { area: number; text: string; effect: LedEffect | undefined }[] = [];
  async showText(area: number, text: string, effect?: LedEffect): Promise<void> {
    this.calls.push({ area, text, effect });
  }
  async clear(): Promise<void> {}
  async brightness(): Promise<void> {}
  close(): void {}
}

describe('AreaFlasher', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('alternates text and blank for the duration, then leaves the text static', async () => {
    const renders: string[] = [];
    const flasher = new AreaFlasher(async (_area, text, effect) => {
      renders.push(`${text}|${effect.kind}`);
    });
    await flasher.start(0, 'A001', { kind: 'flash', seconds: 10 });
    expect(renders).toEqual(['A001|static']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(renders).toHaveLength(21);
    expect(renders.filter((r) => r === '|static')).toHaveLength(10);
    expect(renders.at(-1)).toBe('A001|static');
    expect(flasher.isFlashing(0)).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(renders).toHaveLength(21);
  });

  it('keeps areas independent and stops one without touching the other', async () => {
    const renders: string[] = [];
    const flasher = new AreaFlasher(async (area, text) => {
      renders.push(`${area}:${text}`);
    });
    await flasher.start(0, 'A', { kind: 'flash', seconds: 2, periodMs: 1000, blankText: '-' });
    await flasher.start(1, 'B', { kind: 'flash', seconds: 2, periodMs: 1000 });
    flasher.stop(0);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(renders.filter((r) => r.startsWith('0:'))).toEqual(['0:A']);
    expect(renders.filter((r) => r.startsWith('1:'))).toEqual(['1:B', '1:', '1:B', '1:', '1:B']);
  });

  it('reports render errors of later phases and keeps going', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const flasher = new AreaFlasher(async () => {
      if (++calls === 2) throw new Error('bus down');
    }, (e) => errors.push(e));
    await flasher.start(0, 'A', { kind: 'flash', seconds: 1, periodMs: 500 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(errors).toHaveLength(1);
    expect(calls).toBe(5);
  });

  it('does not keep an area flashing when the first render fails', async () => {
    const flasher = new AreaFlasher(async () => {
      throw new Error('offline');
    });
    await expect(flasher.start(0, 'A', { kind: 'flash' })).rejects.toThrow('offline');
    expect(flasher.isFlashing(0)).toBe(false);
  });
});

describe('WindowLed', () => {
  it('flashes only the number on a one-area screen, for 10 s by default', async () => {
    const screen = new RecordingScreen();
    const led = new WindowLed(screen, { windowText: '3号窗口' });
    await led.showCall('A001');
    expect(screen.calls).toEqual([
      { area: 0, text: 'A001 3号窗口', effect: { kind: 'flash', seconds: 10, periodMs: undefined, blankText: '     3号窗口' } },
    ]);
    await led.showIdle();
    expect(screen.calls[1]).toMatchObject({ area: 0, text: '3号窗口' });
  });

  it('keeps the window text static in its own area and flashes the number area', async () => {
    const screen = new RecordingScreen();
    const led = new WindowLed(screen, { windowText: '综合受理', numberArea: 1, textArea: 0, flashSeconds: 5 });
    await led.showCall('B012');
    expect(screen.calls).toEqual([
      { area: 0, text: '综合受理', effect: undefined },
      { area: 1, text: 'B012', effect: { kind: 'flash', seconds: 5, periodMs: undefined, blankText: '' } },
    ]);
  });

  it('blanks a Chinese ticket by its display width', async () => {
    const screen = new RecordingScreen();
    await new WindowLed(screen, { windowText: 'W', template: '{ticket}|{window}' }).showCall('急01');
    expect(screen.calls[0]?.effect).toMatchObject({ blankText: '    |W' });
  });
});

describe('strip LED', () => {
  it('composes the newest calls then the notices into one line', () => {
    const calls = [
      { ticket: 'A003', window: '3号窗口' },
      { ticket: 'B001', window: '5号窗口' },
      { ticket: 'A002', window: '1号窗口' },
    ];
    expect(composeStripText(calls, ['午休时间12:00-14:00', '  '], { maxCalls: 2 })).toBe(
      '请A003号到3号窗口办理\u3000\u3000请B001号到5号窗口办理\u3000\u3000午休时间12:00-14:00',
    );
    expect(composeStripText([], [], { emptyText: '欢迎光临' })).toBe('欢迎光临');
    expect(composeStripText(calls.slice(0, 1), [], { callTemplate: '{ticket}→{window}', separator: ' / ' })).toBe('A003→3号窗口');
  });

  it('scrolls left and only resends when the text changes', async () => {
    const screen = new RecordingScreen();
    const strip = new StripLed(screen, { area: 2, speed: 6 });
    const calls = [{ ticket: 'A001', window: '2号窗口' }];
    expect(await strip.update(calls, ['通知'])).toBe(true);
    expect(await strip.update(calls, ['通知'])).toBe(false);
    expect(await strip.update(calls, [])).toBe(true);
    expect(screen.calls).toHaveLength(2);
    expect(screen.calls[0]).toEqual({ area: 2, text: '请A001号到2号窗口办理\u3000\u3000通知', effect: { kind: 'scroll', direction: 'left', speed: 6 } });
  });

  it('fills placeholders and measures GB2312 width', () => {
    expect(fillTemplate('{a}-{b}-{c}', { a: '1', b: '2' })).toBe('1-2-{c}');
    expect(displayWidth('A1号')).toBe(4);
  });
});
