import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * One structured logger. Redaction is a second line of defence: code never passes ID numbers or
 * names to the logger in the first place (DESIGN.md §6).
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    redact: { paths: ['*.idNumber', '*.name', 'req.headers.cookie', 'req.headers.authorization', '*.password', '*.token'], censor: '[redacted]' },
  });
}
