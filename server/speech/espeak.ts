import { spawn } from 'node:child_process';

export interface SynthOptions {
  /** The espeak-ng executable (HALL_ESPEAK_BIN, default `espeak-ng` on the PATH). */
  binary?: string;
  /** Give up on one phrase after this long; a stuck synthesiser must not hold a request forever. */
  timeoutMs?: number;
}

export class SpeechUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpeechUnavailable';
  }
}

/**
 * Runs espeak-ng once for one phrase and returns the WAV it wrote to stdout. The text is passed as
 * an argument vector entry (no shell), so nothing in it is ever interpreted.
 */
export function synthesizeWav(text: string, voice: string, options: SynthOptions = {}): Promise<Buffer> {
  const binary = options.binary ?? 'espeak-ng';
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['-v', voice, '-s', '150', '--stdout', '--', text], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`espeak-ng did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(e.code === 'ENOENT' ? new SpeechUnavailable(`${binary} is not installed`) : e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const wav = Buffer.concat(out);
      if (code !== 0 || !isWav(wav)) reject(new Error(`espeak-ng exited with ${code}: ${err.trim().slice(0, 200)}`));
      else resolve(fixWavSizes(wav));
    });
  });
}

/** A RIFF/WAVE header: what browsers need to play the file. */
export function isWav(b: Buffer): boolean {
  return b.length > 44 && b.toString('ascii', 0, 4) === 'RIFF' && b.toString('ascii', 8, 12) === 'WAVE';
}

/**
 * espeak-ng streaming to stdout cannot seek back, so it leaves the RIFF and data sizes at their
 * "unknown" maximum; some players then read past the end. Writes the real sizes.
 */
export function fixWavSizes(b: Buffer): Buffer {
  b.writeUInt32LE(b.length - 8, 4);
  let at = 12;
  while (at + 8 <= b.length) {
    const id = b.toString('ascii', at, at + 4);
    if (id === 'data') {
      b.writeUInt32LE(b.length - at - 8, at + 4);
      break;
    }
    at += 8 + b.readUInt32LE(at + 4);
  }
  return b;
}
