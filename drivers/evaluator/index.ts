export * from './levels.ts';
export * from './driver.ts';
export * from './simulator.ts';
