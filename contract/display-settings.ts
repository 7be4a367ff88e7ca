import { z } from 'zod';

/**
 * How far the seated public is from the hall's screens and how big the panel is: the legibility rule
 * (ui-kit/legibility.ts) turns these into the least cap height each screen may use. Part of the hall
 * information, so it travels with config/hall.yaml and the admin console's hall form.
 */
export const DisplaySettings = z.object({
  /** Distance in metres from the farthest seat that must read the screen. */
  viewingDistanceM: z.number().min(1).max(50).default(8),
  /** Panel diagonal in inches (55″ is the common hall screen). */
  panelDiagonalInch: z.number().min(10).max(200).default(55),
  /** The panel's native resolution; with the diagonal it gives the pixel pitch. */
  panelWidthPx: z.number().int().min(320).max(7680).default(1920),
  panelHeightPx: z.number().int().min(120).max(4320).default(1080),
});
export type DisplaySettings = z.infer<typeof DisplaySettings>;

export const DEFAULT_DISPLAY_SETTINGS: DisplaySettings = DisplaySettings.parse({});
