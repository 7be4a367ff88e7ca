export type { Transport, TransportFactory } from './transport.ts';
export * from './factory.ts';
export * from './file.ts';
export * from './hid.ts';
export * from './memory-hub.ts';
export * from './serial.ts';
export * from './tcp.ts';
