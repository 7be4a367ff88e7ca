import type { HallCatalogue, Me as MeResponse, StaffMe as StaffMeResponse, WindowFigures, WindowState as WindowStateResponse } from '../contract/responses.ts';

/** The terminal's names for the contract's response shapes (contract/responses). */

/** GET /api/windows/:n/state */
export type WindowState = WindowStateResponse;
export type { WindowFigures };
/** GET /api/hall */
export type HallInfo = HallCatalogue;
/** GET /api/auth/me */
export type Me = MeResponse;
export type StaffMe = StaffMeResponse;
