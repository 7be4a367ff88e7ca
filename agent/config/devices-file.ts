import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { DevicesFile } from '../../contract/devices.ts';
import { formatPath } from './format-path.ts';
import { checkTransports } from './transport-block.ts';

export type { BusEntry, DeviceEntry, DevicesFile, TransportBlock } from '../../contract/devices.ts';

/**
 * Reading a devices file (config/devices.yaml, or a kiosk PC's own file): YAML, the schema of
 * contract/devices.ts, then each transport against the drivers. Read by the device agent and by the
 * hall server for the devices wired to it.
 */

/** A devices file that cannot be used; the message names the file, the path inside it and the fault. */
export class DevicesFileError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `${problems.length} problems\n  - ${problems.join('\n  - ')}`}`);
    this.name = 'DevicesFileError';
  }
}

const Checked = DevicesFile.superRefine(checkTransports);

export function parseDevicesYaml(text: string, file: string): DevicesFile {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new DevicesFileError(file, doc.errors.map((e) => `YAML syntax error at line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`));
  }
  const result = Checked.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    throw new DevicesFileError(file, result.error.issues.slice(0, 20).map((i) => `${formatPath(i.path) || '(top level)'}: ${i.message}`));
  }
  return result.data;
}

export function loadDevicesFile(file: string): DevicesFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DevicesFileError(file, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  return parseDevicesYaml(text, file);
}
