import type { z } from 'zod';
import { parseTransportSpec, type TransportSpec } from '../../drivers/transport/factory.ts';
import type { DevicesFile, TransportBlock } from '../../contract/devices.ts';
import { formatPath } from './format-path.ts';

/** A transport block as a drivers spec, or 'simulated'. */
export function transportOf(block: TransportBlock, forceSimulated: boolean): TransportSpec | 'simulated' {
  if (forceSimulated || 'simulated' in block) return 'simulated';
  return parseTransportSpec(block);
}

/** Every transport block of a devices file checked against the drivers' transport specs. */
export function checkTransports(cfg: DevicesFile, ctx: z.RefinementCtx): void {
  cfg.buses.forEach((b, i) => checkTransport(b.transport, ['buses', i, 'transport'], ctx));
  cfg.devices.forEach((d, i) => {
    if (d.transport) checkTransport(d.transport, ['devices', i, 'transport'], ctx);
  });
}

function checkTransport(block: TransportBlock, path: (string | number)[], ctx: z.RefinementCtx): void {
  if ('simulated' in block) return;
  if (block.type === 'memory') {
    ctx.addIssue({ code: 'custom', path: [...path, 'type'], message: 'use "simulated: true" for an in-process simulator' });
    return;
  }
  try {
    parseTransportSpec(block, formatPath(path));
  } catch (error) {
    ctx.addIssue({ code: 'custom', path, message: error instanceof Error ? error.message : String(error) });
  }
}
