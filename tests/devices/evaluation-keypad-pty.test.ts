import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluationRecord, EvaluationRefusal } from '../../contract/evaluation.ts';
import type { HallConfig } from '../../contract/config.ts';
import { KeypadSimulator } from '../../drivers/caller/simulator.ts';
import { EvaluatorSimulator } from '../../drivers/evaluator/simulator.ts';
import { SimulatedFf68Bus } from '../../drivers/rs485/sim-bus.ts';
import { SerialTransport } from '../../drivers/transport/serial.ts';
import { hasSocat, openPtyPair } from '../drivers/transport/socat.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { devicesFromYaml, until } from './helpers.ts';

/**
 * The hardware black box of 好差评 over real ttys (socat): the window's caller keypad and evaluator on
 * one FF68 RS-485 line, driven by byte-exact simulators at the far end of a pty, the hall server's own
 * drivers at the near end. The 评价 key (0B) asks for (or finishes and asks for) the rating; the
 * evaluator press then records it on the ticket at the window. A press with nothing to rate, or an
 * unknown value, is refused as an `evaluation.refused` event, never dropped silently.
 */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function hallOnPty(rules: Partial<HallConfig['rules']> = {}) {
  const pty = await openPtyPair();
  cleanups.push(() => pty.close());
  const far = new SimulatedFf68Bus(new SerialTransport({ path: pty.b, baudRate: 9600, presenceCheckMs: 0 }));
  await far.open();
  cleanups.push(() => far.close());
  const keypad = new KeypadSimulator(far, { address: 1, ackTimeoutMs: 5000 });
  const evaluator = new EvaluatorSimulator(far, { address: 2, ackTimeoutMs: 5000 });
  const base = testHallConfig();
  const srv: TestServer = await startTestServer({
    config: testHallConfig({ rules: { ...base.rules, ...rules } }),
    devices: devicesFromYaml(`
buses:
  - { name: line, transport: { type: serial, path: ${pty.a}, baudRate: 9600 }, interFrameGapMs: 0 }
devices:
  - { id: W1-caller, kind: caller, window: 1, bus: line, address: 1 }
  - { id: W1-evaluator, kind: evaluator, window: 1, bus: line, address: 2 }
`),
    deviceOptions: { printerPollMs: 0 },
  });
  cleanups.push(() => srv.stop());
  await until('the line is open', () => srv.devices.list().find((d) => d.device === 'W1-evaluator')?.state === 'ready', 10_000);
  const cookie = await srv.login('T001');
  expect((await srv.api('POST', '/api/windows/1/sign-in', { cookie, body: {} })).status).toBe(200);
  const issue = async () => {
    const r = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    expect(r.status).toBe(200);
    return r.body as { ticketId: string; number: string };
  };
  const events = (type: string) => srv.ctx.engine.core.log.after(0, 100_000).filter((e) => e.type === type);
  const ticket = (id: string) => srv.ctx.engine.core.ticket(id);
  return { srv, keypad, evaluator, cookie, issue, events, ticket };
}

describe.skipIf(!hasSocat)('keypad 评价 key then evaluator press, over real ttys', () => {
  it('request only (the default): the ticket being served is rated by the press after 0B, once; a second press is refused', async () => {
    const h = await hallOnPty();
    const t = await h.issue();
    expect((await h.keypad.press('call')).acked).toBe(true);
    await until('the keypad called the ticket', () => h.ticket(t.ticketId).state === 'called');
    expect((await h.srv.api('POST', '/api/windows/1/start', { cookie: h.cookie, body: {} })).status).toBe(200);

    expect((await h.keypad.press('evaluate')).acked).toBe(true);
    await until('the evaluation was requested', () => h.events('ticket.evaluation_requested').length === 1);
    expect(h.events('ticket.evaluation_requested')[0]!.ticket!.id).toBe(t.ticketId);
    await until('the keypad shows 评价', () => h.keypad.display.evaluationsStarted > 0);

    expect((await h.evaluator.press(2)).acked).toBe(true); // 2 → 满意 (the default map)
    await until('the press was recorded', () => h.events('evaluation.recorded').length === 1);
    const record = h.events('evaluation.recorded')[0]!.data.record as EvaluationRecord;
    expect(record).toMatchObject({ ticketId: t.ticketId, ticketNumber: t.number, channel: 'evaluator', grade: 'satisfied', window: 1, staffBadge: 'T001', times: 1 });
    expect(h.ticket(t.ticketId)).toMatchObject({ state: 'serving', evaluation: 'satisfied' });
    const row = h.srv.db.prepare('SELECT level, source, window FROM evaluations WHERE ticket_id = ?').get(t.ticketId);
    expect(row).toEqual({ level: 'satisfied', source: 'evaluator', window: 1 });

    // A second press on the same visit: acknowledged on the wire, refused as an event, nothing changes.
    expect((await h.evaluator.press(0)).acked).toBe(true);
    await until('the second press was refused', () => h.events('evaluation.refused').length === 1);
    expect(h.events('evaluation.refused')[0]!.data.refusal).toMatchObject({ code: 'ALREADY_EVALUATED', channel: 'evaluator', device: 'W1-evaluator', window: 1, ticketId: t.ticketId } satisfies Partial<EvaluationRefusal>);
    expect(h.ticket(t.ticketId).evaluation).toBe('satisfied');
    // The audit names the device.
    const audit = h.srv.db.prepare("SELECT actor, action FROM audit WHERE action = 'ticket.evaluate'").all();
    expect(audit).toEqual([{ actor: 'device:W1-evaluator', action: 'ticket.evaluate' }]);
  });

  it('finish then request: 0B finishes the ticket (办结) and asks; the press records the rating of the finished visit', async () => {
    const h = await hallOnPty({ evaluationKey: 'finish_then_request' });
    const t = await h.issue();
    expect((await h.keypad.press('call')).acked).toBe(true);
    await until('the keypad called the ticket', () => h.ticket(t.ticketId).state === 'called');
    expect((await h.keypad.press('evaluate')).acked).toBe(true);
    await until('the ticket was finished and the rating asked for', () => h.ticket(t.ticketId).state === 'finished' && h.events('ticket.evaluation_requested').length === 1);
    expect(h.ticket(t.ticketId).outcome).toBe('done');
    expect((await h.evaluator.press(5)).acked).toBe(true); // ≥ 3 → 非常满意
    await until('the press was recorded', () => h.ticket(t.ticketId).evaluation === 'very_satisfied');
    expect((h.events('evaluation.recorded')[0]!.data.record as EvaluationRecord).finishedAt).not.toBeNull();

    // Rated on the tablet while still at the window: 0B still finishes the visit, and asks for nothing.
    const u = await h.issue();
    expect((await h.keypad.press('call')).acked).toBe(true);
    await until('the next ticket is called', () => h.ticket(u.ticketId).state === 'called');
    expect((await h.srv.api('POST', '/api/evaluations', { cookie: h.cookie, body: { ticketId: u.ticketId, level: 'basic', source: 'screen' } })).status).toBe(200);
    expect((await h.keypad.press('evaluate')).acked).toBe(true);
    await until('the rated ticket was finished by the key', () => h.ticket(u.ticketId).state === 'finished');
    expect(h.events('ticket.evaluation_requested')).toHaveLength(1);
    expect(h.events('evaluation.refused')).toHaveLength(0);
  });

  it('a press with nothing to rate, an unknown value, and a 评价 key with no ticket are each an event, not silence', async () => {
    const h = await hallOnPty();
    expect((await h.evaluator.press(2)).acked).toBe(true);
    await until('the idle press was refused', () => h.events('evaluation.refused').length === 1);
    expect((await h.keypad.press('evaluate')).acked).toBe(true);
    await until('the empty request was refused', () => h.events('evaluation.refused').length === 2);
    const t = await h.issue();
    expect((await h.keypad.press('call')).acked).toBe(true);
    await until('called', () => h.ticket(t.ticketId).state === 'called');
    expect((await h.evaluator.press(1)).acked).toBe(true); // 1 → no rating in the default map
    await until('the unknown value was refused', () => h.events('evaluation.refused').length === 3);
    expect(h.events('evaluation.refused').map((e) => [(e.data.refusal as EvaluationRefusal).code, (e.data.refusal as EvaluationRefusal).channel])).toEqual([
      ['NO_TICKET', 'evaluator'],
      ['NO_TICKET', 'keypad'],
      ['NO_RATING', 'evaluator'],
    ]);
    expect(h.ticket(t.ticketId).evaluation).toBeNull();
  });
});
