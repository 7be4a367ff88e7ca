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
