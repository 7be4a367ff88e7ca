import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * The agent's structured logger (JSON lines on stdout, for journald or a Windows log file). Card
 * numbers and names never reach it; the redaction is a second line of defence, as on the server.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { app: 'hallq-agent' },
    redact: { paths: ['*.idNumber', '*.name', '*.token'], censor: '[redacted]' },
  });
}
