import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBanner } from '../../../server/banner.ts';
import { loadHallFile } from '../../../server/store/hall-file.ts';
import { testHallConfig } from '../../fixtures/hall.ts';

describe('start banner', () => {
  it('prints each page with the demo device tokens and the demo logins of the demo hall', () => {
    const demo = loadHallFile(path.resolve(import.meta.dirname, '../../../config/hall.yaml'));
    const text = startBanner('http://127.0.0.1:8080', demo, demo.hall.name);
    const kiosk = demo.devices.find((d) => d.kind === 'kiosk')!;
    expect(text).toContain(`http://127.0.0.1:8080/kiosk?token=${kiosk.demoToken}`);
    expect(text).toMatch(/\/display\?token=\w+/);
    expect(text).toMatch(/\/display\/window\/1\?token=\w+/);
    expect(text).toContain('http://127.0.0.1:8080/admin');
    expect(text).toContain('staff YN1001 / hallq123');
    expect(text).toContain('supervisor S001 / super123');
    expect(text).toContain('admin admin / admin123');
  });

  it('prints plain URLs and no logins for a hall without demo values', () => {
    const base = testHallConfig();
    const real = { ...base, devices: base.devices.map(({ demoToken: _t, ...d }) => d), staff: base.staff };
    const text = startBanner('http://h:1', real, 'X');
    expect(text).toContain('http://h:1/kiosk\n');
    expect(text).not.toContain('token=');
    expect(text).not.toContain('Demo logins');
  });
});

describe('start banner: the right devices, and nothing secret in production', () => {
  const demo = loadHallFile(path.resolve(import.meta.dirname, '../../../config/hall.yaml'));

  it("gives the evaluation tablet the evaluator's own token, not the window screen's", () => {
    const text = startBanner('http://127.0.0.1:8080', demo, demo.hall.name);
    const screen = demo.devices.find((d) => d.code === 'W1')!;
    const evaluator = demo.devices.find((d) => d.code === 'E1')!;
    expect(text).toContain(`/display/window/1?token=${screen.demoToken}`);
    expect(text).toContain(`/evaluate/1?token=${evaluator.demoToken}`);
    expect(text).not.toContain(`/evaluate/1?token=${screen.demoToken}`);
  });

  it('prints no token and no login in production mode, even for a configuration that carries them', () => {
    const text = startBanner('http://127.0.0.1:8080', demo, demo.hall.name, { production: true });
    expect(text).not.toContain('token=');
    for (const d of demo.devices) expect(text).not.toContain(d.demoToken!);
    expect(text).not.toContain('Demo logins');
    expect(text).not.toContain('admin123');
    expect(text).toContain('http://127.0.0.1:8080/kiosk\n');
  });

  it('names the first-run page and its one-time code while no admin can sign in', () => {
    const text = startBanner('http://127.0.0.1:8080', demo, demo.hall.name, { production: true, setup: { code: 'ABCD-EFGH-JKLM' } });
    expect(text).toContain('http://127.0.0.1:8080/setup');
    expect(text).toContain('ABCD-EFGH-JKLM');
    expect(text).toContain('npm run setup');
  });
});
