import { config } from 'zod';

/**
 * The hall server's Content-Security-Policy forbids eval. zod would otherwise probe for it with
 * `new Function` on its first parse (a CSP violation report on every page) before falling back to the
 * interpreted parsers it then uses anyway; jitless goes straight to them. Imported first by api.ts and
 * stream.ts, so it runs before any schema parses.
 */
config({ jitless: true });
