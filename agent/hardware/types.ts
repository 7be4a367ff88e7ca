import type { CallerAction } from '../../drivers/caller/actions.ts';
import type { DeviceHealth } from '../../drivers/core/health.ts';
import type { SerialBinding } from '../../drivers/transport/serial.ts';
import type { EvaluationLevel } from '../../contract/domain.ts';
import type { DeviceKindName } from '../../contract/socket.ts';

/** What Hardware emits and takes: normalised device events, print outcomes, options. */

export interface CardRead {
  device: string;
  kiosk: string;
  /** Full number: protect it at once, never log it. */
  idNumber: string;
  name?: string;
}

export interface HardwareEvents {
  card: [CardRead];
  key: [{ device: string; window: number; action: CallerAction | null; key: string }];
  evaluation: [{ device: string; window: number; level: EvaluationLevel | null; value: number }];
  /** A code scanned at a kiosk: opaque (it may be an identity token), never logged. */
  scan: [{ device: string; kiosk: string; code: string }];
  /** A health change, or a change of the device's warning (paper near end), which is not a fault. */
  health: [{ device: string; kind: DeviceKindName; health: DeviceHealth; warning?: string }];
}

export interface PrintOutcome {
  printed: boolean;
  reason?: string;
}

export interface HardwareLog {
  (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void;
}

export interface HardwareOptions {
  /** Force every transport to be simulated (overrides the file). */
  simulated?: boolean;
  serialBinding?: SerialBinding;
  log?: HardwareLog;
  /** ID reader poll pause, ms (default 300). */
  idcardPollMs?: number;
  /** Printer idle status poll, ms (default 5000; 0 off). */
  printerPollMs?: number;
}
