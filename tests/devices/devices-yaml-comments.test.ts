import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DevicesFile } from '../../contract/devices.ts';
import { parseDevicesYaml } from '../../agent/config/devices-file.ts';

/**
 * The comment block at the top of config/devices.yaml is the reference an installer reads on the
 * kiosk PC: it must name every option the schema accepts, and its examples must load as written.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const text = readFileSync(path.join(root, 'config', 'devices.yaml'), 'utf8');
const header = text.split('\n').filter((_, i, lines) => lines.slice(0, i + 1).every((l) => l.startsWith('#'))).join('\n');

/** The keys of an object schema, looking through optional, default and array wrappers. */
function objectOf(schema: z.ZodType): z.ZodObject {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else if (s instanceof z.ZodObject) return s;
    else throw new Error(`not an object schema: ${s.constructor.name}`);
  }
}

const device = objectOf(DevicesFile.shape.devices);
const led = objectOf(device.shape.led);
const bus = objectOf(DevicesFile.shape.buses);
const retry = objectOf(led.shape.retry);

describe('config/devices.yaml header', () => {
  it('names every device, LED, bus and retry option of the schema', () => {
    const keys = [...Object.keys(device.shape), ...Object.keys(led.shape), ...Object.keys(bus.shape), ...Object.keys(retry.shape)];
    const missing = keys.filter((k) => !new RegExp(`\\b${k}\\b`).test(header));
    expect(missing).toEqual([]);
  });

  it('its examples load with the agent loader as written', () => {
    const examples = header.split('\n').filter((l) => /^#\s+- \{/.test(l)).map((l) => l.replace(/^#\s+/, '  '));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    const file = parseDevicesYaml(`buses:\n  - { name: rs485-a, transport: { simulated: true } }\ndevices:\n${examples.join('\n')}\n`, '(devices.yaml examples)');
    expect(file.devices.find((d) => d.id === 'K3-printer')).toMatchObject({ cut: 'full', qrSize: 8, chineseSize: 'fs', statusTimeoutMs: 2000 });
    expect(file.devices.find((d) => d.id === 'W5-led')?.led).toMatchObject({ oneWay: true, retry: { initialMs: 2000, maxMs: 120000 } });
    expect(file.devices.find((d) => d.id === 'W6-led')?.led).toMatchObject({ prefix: '\x02', suffix: '\x03', addressing: 'ascii', effects: { scroll: '\x1bS' } });
  });
});
