import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startAgent } from './client.ts';
import { DevicesFileError } from './config/devices-file.ts';
import { createLogger } from './log.ts';

/**
 * npm run agent -- --server URL --token T --devices FILE [--state FILE] [--ca FILE] [--simulate]
 * The device agent for a kiosk PC (agent/README.md). The token may also come from HALLQ_AGENT_TOKEN,
 * which keeps it out of the process list.
 */
const usage = [
  'usage: node dist/agent/main.js --server http://HALL:8080 --token TOKEN --devices kiosk-devices.yaml [--state FILE] [--ca hall-ca.pem] [--simulate]',
  '   (from a checkout: npm run agent -- …)',
].join('\n');

let args;
try {
  args = parseArgs({
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      devices: { type: 'string' },
      state: { type: 'string' },
      // The certificate (or CA) an https hall server is trusted by, as PEM.
      ca: { type: 'string' },
      simulate: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
  process.exit(64);
}
if (args.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const token = args.token ?? process.env.HALLQ_AGENT_TOKEN;
if (!args.server || !token || !args.devices) {
  process.stderr.write(`--server, --token (or HALLQ_AGENT_TOKEN) and --devices are required.\n${usage}\n`);
  process.exit(64);
}

const log = createLogger();
let agent;
try {
  agent = startAgent({
    server: args.server,
    token,
    devices: path.resolve(args.devices),
    ...(args.state ? { stateFile: path.resolve(args.state) } : {}),
    ...(args.ca ? { ca: readFileSync(path.resolve(args.ca), 'utf8') } : {}),
    hardware: { simulated: args.simulate },
    log,
  });
} catch (error) {
  if (error instanceof DevicesFileError) {
    process.stderr.write(`HallQ agent cannot start: the devices file is invalid.\n${error.message}\nFix the file and start again.\n`);
    process.exit(78);
  }
  throw error;
}

// Demo mode: say what the simulated printers printed, so a run without hardware shows its work.
for (const [device, printer] of agent.hardware.simulation?.printers ?? []) {
  printer.on('ticket', () => log.info({ device, printed: printer.tickets.length }, 'simulated ticket printed'));
}
log.info({ server: args.server, devices: agent.hardware.devices().length, journal: agent.journal.file }, 'device agent started');

const stop = async (signal: string) => {
  log.info({ signal }, 'device agent stopping');
  await agent.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
