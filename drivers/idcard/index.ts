export * from './codec.ts';
export * from './demo-cards.ts';
export * from './driver.ts';
export * from './ethnic-groups.ts';
export * from './parser.ts';
export * from './simulator.ts';
export * from './text-block.ts';
