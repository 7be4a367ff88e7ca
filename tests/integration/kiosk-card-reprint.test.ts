import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskIdentity } from '../../contract/socket.ts';
import { DEMO_CARDS } from '../../drivers/idcard/demo-cards.ts';
import { connected, KIOSK_TOKEN, nextEvent, startDeviceServer, type DeviceTestServer } from '../devices/helpers.ts';

/**
 * The other half of the typed-ID rule (hall-data-safety.test.ts): a citizen whose ID card is read at
 * the kiosk proves they hold it, so a duplicate refusal names their live ticket and offers 补打, and the
 * reprint works with the card's ref. A typed number gets neither.
 */
const CARD = DEMO_CARDS[0]!;
let server: DeviceTestServer;
beforeEach(async () => {
  server = await startDeviceServer();
});
afterEach(async () => {
  await server.stop();
});

async function read(): Promise<KioskIdentity> {
  const k1 = server.socket({ token: KIOSK_TOKEN });
  await connected(k1);
  const identity = nextEvent<KioskIdentity>(k1, 'kiosk:identity');
  server.sim!.idcards.get('K1-idcard')!.removeCard();
  server.sim!.idcards.get('K1-idcard')!.placeCard(CARD);
  return identity;
}

describe('a duplicate at the kiosk: card read versus typed number', () => {
  it('a card read learns its own live ticket and may reprint it; a typed number learns nothing of it', async () => {
    const first = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QB', identityRef: (await read()).identityRef } });
    expect(first.status).toBe(200);
    const typed = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QB', idNumber: CARD.idNumber } });
    expect(typed.status).toBe(409);
    expect(typed.body.error.code).toBe('ID_HAS_LIVE_TICKET_TYPED');
    expect(JSON.stringify(typed.body)).not.toContain(first.body.number);
    expect(JSON.stringify(typed.body)).not.toContain(first.body.ticketId);
    const ref = (await read()).identityRef;
    const carded = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QB', identityRef: ref } });
    expect(carded.status).toBe(409);
    expect(carded.body.error.code).toBe('ID_HAS_LIVE_TICKET');
    expect(carded.body.error.details).toMatchObject({ number: first.body.number, ticketId: first.body.ticketId });
    const reprint = await server.api('POST', `/api/kiosk/tickets/${first.body.ticketId}/reprint`, { token: KIOSK_TOKEN, body: { identityRef: ref } });
    expect(reprint.status, JSON.stringify(reprint.body)).toBe(200);
    expect(reprint.body.number).toBe(first.body.number);
  });
});
