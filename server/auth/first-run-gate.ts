import { randomInt, timingSafeEqual } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another when read off a console. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Wrong codes before the code is replaced by a new one (printed again): guessing restarts from zero. */
const MAX_WRONG = 5;

export interface FirstRunRequest {
  /** The TCP peer, not a header: X-Forwarded-For is what a client says. */
  remoteAddress: string | undefined;
  /** Whether the request carries proxy headers (a reverse proxy on this host makes every peer look local). */
  forwarded: boolean;
  /** The code typed on the page, if any. */
  code: string | undefined;
}

/**
 * Who may set up the first admin on the first-run page (only while no admin can sign in): a browser on
 * the server itself (loopback peer, no proxy headers), or anyone on the hall LAN who has the one-time
 * setup code the server printed on its console. The code lives in memory only and is replaced after
 * MAX_WRONG wrong tries and after each start.
 */
export class FirstRunGate {
  private current: string;
  private wrong = 0;

  constructor(private readonly onNewCode: (code: string) => void = () => undefined) {
    this.current = newCode();
  }

  get code(): string {
    return this.current;
  }

  static isLocal(r: Pick<FirstRunRequest, 'remoteAddress' | 'forwarded'>): boolean {
    if (r.forwarded || !r.remoteAddress) return false;
    const a = r.remoteAddress.replace(/^::ffff:/, '');
    return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
  }

  /** 'local' and 'code' admit; 'wrong_code' and 'code_required' refuse. */
  admit(r: FirstRunRequest): 'local' | 'code' | 'wrong_code' | 'code_required' {
    if (FirstRunGate.isLocal(r)) return 'local';
    const given = (r.code ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
    if (!given) return 'code_required';
    const expected = Buffer.from(this.current.replace(/-/g, ''));
    const actual = Buffer.from(given);
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return 'code';
    if (++this.wrong >= MAX_WRONG) this.renew();
    return 'wrong_code';
  }

  /** After the first admin exists the code has served its purpose. */
  spend(): void {
    this.current = newCode();
    this.wrong = 0;
  }

  private renew(): void {
    this.spend();
    this.onNewCode(this.current);
  }
}

/** 12 characters of a 32-letter alphabet (60 bits), printed as XXXX-XXXX-XXXX. */
function newCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}
