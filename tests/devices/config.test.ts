import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startHallServer } from '../../server/app.ts';
import { DevicesFileError, loadDevicesFile, parseDevicesYaml } from '../../agent/config/devices-file.ts';
import { Hardware } from '../../agent/hardware/hardware.ts';
import { createLogger } from '../../server/common/logger.ts';
import { ConfigFileError } from '../../server/store/hall-file.ts';
import { deviceHallConfig } from './helpers.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function problems(yaml: string): string[] {
  try {
    parseDevicesYaml(yaml, 'devices.yaml');
  } catch (error) {
    if (error instanceof DevicesFileError) return error.problems;
    throw error;
  }
  return [];
}

describe('devices.yaml', () => {
  it('the shipped config/devices.yaml is valid and simulated, and builds every device', async () => {
    const cfg = loadDevicesFile(path.join(root, 'config', 'devices.yaml'));
    const hw = new Hardware(cfg);
    expect(hw.simulation).toBeDefined();
    expect(new Set(hw.devices().map((d) => d.kind))).toEqual(new Set(['idcard', 'printer', 'caller', 'evaluator', 'led-window', 'led-strip']));
    await hw.stop();
  });

  it('names the path and the fault of each problem', () => {
    const found = problems(`
buses:
  - { name: a, transport: { type: serial } }
devices:
  - { id: P1, kind: printer, transport: { type: tcp, host: 10.0.0.5, port: 99999 } }
  - { id: C1, kind: caller, window: 1, bus: nowhere, address: 1 }
  - { id: L1, kind: led-strip, bus: a, address: 2 }
  - { id: E1, kind: evaluator, window: 2, bus: a }
  - { id: X1, kind: idcard, kiosk: K1, transport: { type: memory, name: x } }
  - { id: P1, kind: printer, kiosk: K9, color: red, transport: { simulated: true } }
`);
    expect(found).toEqual(
      expect.arrayContaining([
        'buses[0].transport: buses[0].transport.path is required',
        expect.stringMatching(/^devices\[0\]\.transport: .*port must be 1-65535/),
        expect.stringMatching(/^devices\[0\]\.kiosk: a printer belongs to a kiosk/),
        'devices[1].bus: unknown bus nowhere (declare it under buses)',
        'devices[2].strip: a strip LED needs a strip name (e.g. hall)',
        'devices[3].address: an evaluator on RS-485 needs its address',
        expect.stringMatching(/^devices\[4\]\.transport\.type: use "simulated: true"/),
        expect.stringMatching(/^devices\[5\]: Unrecognized key: "color"/),
      ]),
    );
  });

  it('reports YAML syntax errors with the line', () => {
    expect(problems('devices:\n  - { id: a, kind: printer\n')[0]).toMatch(/^YAML syntax error at line \d+/);
  });

  it('a broken devices file stops the server start-up with the file named, before the database is created', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hallq-devcfg-'));
    try {
      const file = path.join(dir, 'devices.yaml');
      writeFileSync(file, 'devices:\n  - { id: K1-printer, kind: printer, transport: { simulated: true } }\n');
      const start = startHallServer({ dataDir: path.join(dir, 'data'), configFile: '(test)', config: deviceHallConfig(), port: 0, logger: createLogger('silent'), backups: false, devices: file });
      await expect(start).rejects.toThrow(ConfigFileError);
      await expect(start).rejects.toThrow(`${file}: devices[0].kiosk: a printer belongs to a kiosk`);
      expect(readdirSync(dir)).toEqual(['devices.yaml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
