export * from './actions.ts';
export * from './driver.ts';
export * from './simulator.ts';
export * from './hid-keypad.ts';
