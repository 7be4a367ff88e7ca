import { z } from 'zod';
import { DEMO_CARDS } from '../../drivers/idcard/demo-cards.ts';
import { KEYPAD_KEYS } from '../../drivers/caller/simulator.ts';
import type { DeviceManager } from '../devices/manager.ts';
import { DomainError } from '../common/errors.ts';
import { type AddRoute, raw } from './route.ts';
import { SimulateResult } from '../../contract/responses.ts';

const SimulateBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('place-card'), card: z.number().int().min(0).max(DEMO_CARDS.length - 1).default(0) }),
  z.strictObject({ action: z.literal('remove-card') }),
  z.strictObject({ action: z.literal('paper'), state: z.enum(['ok', 'near-end', 'out']) }),
  z.strictObject({ action: z.literal('cover'), open: z.boolean() }),
  z.strictObject({ action: z.literal('key'), key: z.enum(Object.keys(KEYPAD_KEYS) as [keyof typeof KEYPAD_KEYS, ...(keyof typeof KEYPAD_KEYS)[]]) }),
  z.strictObject({ action: z.literal('digits'), digits: z.string().regex(/^\d{1,2}$/, 'one or two digits, then 确认') }),
  z.strictObject({ action: z.literal('evaluate'), value: z.number().int().min(0).max(9) }),
  /** Hold a code under a simulated scanner (a booking code, or DEMO-EID-<n> in demo halls). */
  z.strictObject({ action: z.literal('scan'), code: z.string().min(1).max(2048).regex(/^[\x21-\x7e]+$/, 'printable ASCII, as a scanner in keyboard mode sends') }),
]);

const notSimulated = (id: string) => new DomainError('not_found', 'NOT_SIMULATED', `设备 ${id} 不是模拟设备（或不存在），只能操作模拟设备。`);

/**
 * Demo and acceptance testing: act on a simulated device as a citizen or clerk would (place an ID
 * card, run out of paper, press a caller key) and see what a simulated printer printed. Only simulated
 * devices answer; real hardware is never driven from here.
 */
export function simulatorRoutes(add: AddRoute, devices: () => DeviceManager | undefined): void {
  const sim = () => devices()?.local?.simulation;

  add(
    { method: 'post', path: '/api/devices/:id/simulate', summary: 'Act on a simulated device (demo mode)', tag: 'admin', response: SimulateResult, allow: ['admin'], body: SimulateBody, audit: 'device.simulate' },
    async ({ params, body }) => {
      const id = params.id ?? '';
      const s = sim();
      switch (body.action) {
        case 'place-card':
        case 'remove-card': {
          const reader = s?.idcards.get(id);
          if (!reader) throw notSimulated(id);
          if (body.action === 'place-card') reader.placeCard(DEMO_CARDS[body.card]!);
          else reader.removeCard();
          return { ok: true };
        }
        case 'paper':
        case 'cover': {
          const printer = s?.printers.get(id);
          if (!printer) throw notSimulated(id);
          if (body.action === 'paper') printer.setPaper(body.state);
          else printer.openCover(body.open);
          return { ok: true };
        }
        case 'key':
        case 'digits': {
          const keypad = s?.keypads.get(id);
          if (!keypad) throw notSimulated(id);
          const result = body.action === 'key' ? await keypad.press(body.key) : await keypad.typeDigitsThenConfirm(body.digits);
          return { ok: true, acked: result.acked, display: keypad.display };
        }
        case 'scan': {
          const scanner = s?.scanners.get(id);
          if (!scanner) throw notSimulated(id);
          await scanner.scan(body.code);
          return { ok: true };
        }
        case 'evaluate': {
          const evaluator = s?.evaluators.get(id);
          if (!evaluator) throw notSimulated(id);
          const press = await evaluator.press(body.value);
          return { ok: true, acked: press.acked };
        }
      }
    },
  );

  add({ method: 'get', path: '/api/devices/:id/preview', summary: 'What a simulated printer printed last, as HTML', tag: 'admin', response: raw('text/html'), allow: ['supervisor'] }, ({ params, res }) => {
    const printer = sim()?.printers.get(params.id ?? '');
    if (!printer) throw notSimulated(params.id ?? '');
    res.type('html').send(printer.toHtml());
    return undefined;
  });
}
