import type { EvaluationLevel } from '../../contract/domain.ts';
import type { CallerActionName, DeviceKindName, DeviceOutput, DeviceStatusView } from '../../contract/socket.ts';
import type { DeviceHealth } from '../../drivers/core/health.ts';
import type { PrintOutcome } from '../../agent/hardware/types.ts';

/** The outcome of a device event turned into a command: accepted, or refused with the engine's code. */
export interface DeviceCommandResult {
  accepted: boolean;
  code?: string;
  ticket?: string;
}

/**
 * What the AgentHub needs from the device manager: the same handling of device events as for the
 * devices wired to the server, the health registry, and the current device output. The manager
 * implements it and owns the hub; the hub knows only this interface.
 */
export interface AgentHubHost {
  handleCard(device: string, kiosk: string, idNumber: string, name?: string): DeviceCommandResult;
  handleKey(device: string, window: number, action: CallerActionName | null): DeviceCommandResult;
  handleEvaluation(device: string, window: number, level: EvaluationLevel | null): DeviceCommandResult;
  /** A code scanned at a kiosk (booking code or e-ID payload); settles once verified or refused. */
  handleScan(device: string, kiosk: string, code: string): Promise<DeviceCommandResult>;
  recordPrint(device: string, ticketId: string, outcome: PrintOutcome): void;
  setHealth(device: string, kind: DeviceKindName, health: DeviceHealth & { reason?: string; warning?: string }, extra?: Partial<DeviceStatusView>): void;
  forgetDevice(device: string): void;
  /** What the LEDs and callers of the windows selected should show now. */
  currentState(forWindow: (window: number) => boolean): DeviceOutput[];
}
