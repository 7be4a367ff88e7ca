export * from './ff68-codec.ts';
export * from './ff68-parser.ts';
export * from './bus.ts';
export * from './device-health.ts';
export * from './sim-bus.ts';
export { fromHex, toHex } from './hex.ts';
