/**
 * The one seam between drivers and the outside world. Serial, HID, TCP, device files and the
 * in-memory pair all implement it, so a driver is tested against a simulator without mocking modules.
 */
export interface Transport {
  /** Human-readable address for logs and health reasons, e.g. "serial:/dev/ttyUSB0@115200". */
  readonly description: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
  write(data: Uint8Array): Promise<void>;
  /** Subscribe to incoming bytes; returns an unsubscribe function. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Called once when the link drops (unplugged, peer closed, I/O error). */
  onClose(listener: (error?: Error) => void): () => void;
}

/** Builds a fresh transport for each (re)connection attempt. */
export type TransportFactory = () => Transport;
