/** JSON settings (thresholds, deadlines, webhook options); the rows live in server/store/settings-store.ts. */
export { readSetting, readSupervisionSettings, SUPERVISION_KEY, writeSetting } from '../store/settings-store.ts';
