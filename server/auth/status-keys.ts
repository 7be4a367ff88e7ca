import { createHmac, timingSafeEqual } from 'node:crypto';

/** Signed keys for the phone status page, so a ticket id alone (e.g. guessed) does not reveal a ticket. */
export class StatusKeys {
  constructor(private readonly secret: Buffer) {}

  sign(ticketId: string): string {
    return createHmac('sha256', this.secret).update(`status:${ticketId}`).digest('base64url').slice(0, 22);
  }

  verify(ticketId: string, key: string): boolean {
    const expected = Buffer.from(this.sign(ticketId));
    const given = Buffer.from(key);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
