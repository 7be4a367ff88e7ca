import { DevicesFileError, loadDevicesFile as loadAgentDevicesFile } from '../../agent/config/devices-file.ts';
import type { DevicesFile } from '../../contract/devices.ts';
import { ConfigFileError } from '../store/hall-file.ts';

export type { DevicesFile };

/**
 * The devices wired to the hall server, read with the agent's loader. A broken file is reported as
 * the server's ConfigFileError naming the devices file (not the hall configuration), so the start-up
 * refuses it like a broken hall file (exit code 78) and says which file to fix.
 */
export function loadDevicesFile(file: string): DevicesFile {
  try {
    return loadAgentDevicesFile(file);
  } catch (error) {
    if (error instanceof DevicesFileError) throw new ConfigFileError(error.file, error.problems, 'the devices file');
    throw error;
  }
}
