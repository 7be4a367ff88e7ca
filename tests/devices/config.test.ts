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
    expect(new Set(hw.devices().map((d) => d.kind))).toEqual(new Set(['idcard', 'printer', 'caller', 'evaluator', 'led-window', 'led-strip', 'scanner']));
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

  it('a devices-file fault names the devices file and the offending key, never the hall configuration', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hallq-devcfg-'));
    try {
      const file = path.join(dir, 'kiosk-devices.yaml');
      writeFileSync(file, 'devices:\n  - { id: K1-printer, kind: printer, kiosk: K1, cutter: full, transport: { simulated: true } }\n');
      const error = await startHallServer({ dataDir: path.join(dir, 'data'), configFile: '(test)', config: deviceHallConfig(), port: 0, logger: createLogger('silent'), backups: false, devices: file }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigFileError);
      const refusal = error as ConfigFileError;
      expect(refusal.subject).toBe('the devices file');
      expect(refusal.message).toContain(file);
      expect(refusal.message).toContain('devices[0]: Unrecognized key: "cutter"');
      expect(`${refusal.subject} ${refusal.message}`).not.toContain('hall configuration');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts the documented LED framing and printer options, and refuses them where they do not belong', () => {
    const ok = parseDevicesYaml(
      `
buses:
  - { name: a, transport: { simulated: true } }
devices:
  - { id: P1, kind: printer, kiosk: K1, cut: partial, qrSize: 4, chineseSize: gs, transport: { simulated: true } }
  - { id: L1, kind: led-window, window: 1, protocol: plain, bus: a, address: 1, led: { prefix: "\\x02", suffix: "\\x03\\r\\n" } }
  - { id: L2, kind: led-window, window: 2, protocol: plain, bus: a, address: 2, led: { prefix: [0x02], suffix: [3], addressing: byte } }
  - { id: L3, kind: led-window, window: 3, protocol: onbon, bus: a, address: 3, led: { oneWay: true } }
`,
      'devices.yaml',
    );
    expect(ok.devices.map((d) => d.id)).toEqual(['P1', 'L1', 'L2', 'L3']);
    expect(ok.devices[1]!.led).toMatchObject({ prefix: '\x02', suffix: '\x03\r\n' });
    expect(
      problems(`
buses:
  - { name: a, transport: { simulated: true } }
devices:
  - { id: L1, kind: led-window, window: 1, protocol: plain, bus: a }
  - { id: L2, kind: led-window, window: 2, protocol: plain, bus: a, address: 2 }
  - { id: L3, kind: led-window, window: 3, protocol: onbon, bus: a, address: 3, led: { suffix: "\\r" } }
  - { id: L4, kind: led-strip, strip: hall, protocol: plain, bus: a, address: 2 }
  - { id: C1, kind: caller, window: 1, bus: a, address: 1, qrSize: 3 }
`),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^devices\[1\]\.address: L1 and L2 are plain LEDs on bus a: give each an address/),
        expect.stringMatching(/^devices\[2\]\.led\.suffix: suffix is framing of a plain LED/),
        'devices[3].address: L2 already has address 2 on bus a',
        'devices[4].qrSize: qrSize is a printer option, not one of a caller',
        expect.stringMatching(/^devices\[0\]\.led\.prefix: a plain LED sharing bus a with L3 needs a frame prefix/),
      ]),
    );
    expect(
      problems(`
devices:
  - { id: L1, kind: led-strip, strip: hall, protocol: plain, transport: { simulated: true }, led: { prefix: "前" } }
  - { id: P1, kind: printer, kiosk: K1, qrSize: 40, cut: half, transport: { simulated: true } }
`),
    ).toEqual([
      expect.stringMatching(/^devices\[0\]\.led\.prefix: each character must be one byte/),
      expect.stringMatching(/^devices\[1\]\.cut: /),
      expect.stringMatching(/^devices\[1\]\.qrSize: /),
    ]);
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
      // The refusal names the devices file, not the hall configuration (server/main.ts prints the subject).
      await expect(start).rejects.toMatchObject({ subject: 'the devices file', file });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
