import { createRequire } from 'node:module';
import type { SerialBinding } from '../../../drivers/transport/serial.ts';

/** What tests use of @serialport/binding-mock's port object (its package ships no NodeNext types). */
export interface MockPort {
  lastWrite: Buffer | null;
  recording: Buffer;
  openOptions: { baudRate: number; dataBits: number; parity: string; stopBits: number };
  emitData(data: Buffer | string): void;
}

export interface MockBindingApi extends SerialBinding {
  createPort(path: string, options?: { record?: boolean; echo?: boolean; manufacturer?: string }): void;
  reset(): void;
}

const require = createRequire(import.meta.url);
export const MockBinding = (require('@serialport/binding-mock') as { MockBinding: MockBindingApi }).MockBinding;
