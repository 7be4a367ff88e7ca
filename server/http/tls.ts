import { readFileSync } from 'node:fs';

/** Certificate and key for HTTPS (PEM files), read once at start-up. */
export interface TlsFiles {
  cert: string;
  key: string;
}

export class TlsConfigError extends Error {
  override name = 'TlsConfigError';
}

/**
 * HTTPS is on when both HALL_TLS_CERT and HALL_TLS_KEY name PEM files (or the server is given them);
 * plain HTTP otherwise. One without the other is a mistake worth stopping for, not a silent downgrade.
 */
export function tlsFromEnv(env: NodeJS.ProcessEnv): TlsFiles | undefined {
  const cert = env.HALL_TLS_CERT?.trim();
  const key = env.HALL_TLS_KEY?.trim();
  if (!cert && !key) return undefined;
  if (!cert || !key) throw new TlsConfigError(`HTTPS needs both HALL_TLS_CERT and HALL_TLS_KEY; only ${cert ? 'HALL_TLS_CERT' : 'HALL_TLS_KEY'} is set.`);
  return { cert, key };
}

export function readTlsFiles(files: TlsFiles): { cert: Buffer; key: Buffer } {
  const read = (what: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new TlsConfigError(`cannot read the TLS ${what} ${file}: ${(error as Error).message}`);
    }
  };
  return { cert: read('certificate (HALL_TLS_CERT)', files.cert), key: read('key (HALL_TLS_KEY)', files.key) };
}
