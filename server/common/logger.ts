import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * One structured logger (pino). Redaction is a second line of defence: code never passes ID numbers,
 * names or credentials to the logger in the first place (DESIGN.md §6), and request logs carry no
 * headers (observability/request-log.ts). `destination` is for tests that read what was logged.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: {
      paths: [
        '*.idNumber',
        '*.name',
        '*.password',
        '*.token',
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'headers.cookie',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
