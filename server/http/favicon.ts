import type { Express } from 'express';

/**
 * The hall's icon for every page's browser tab and bookmark (/favicon.ico, which browsers ask for by
 * themselves): a queue ticket in the hall blue, as SVG, so no binary ships in the repository.
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#0b4ea2"/><path d="M12 20a4 4 0 0 1 4-4h32a4 4 0 0 1 4 4v6a6 6 0 0 0 0 12v6a4 4 0 0 1-4 4H16a4 4 0 0 1-4-4v-6a6 6 0 0 0 0-12z" fill="#fff"/><path d="M40 18v28" stroke="#0b4ea2" stroke-width="3" stroke-dasharray="4 3"/><text x="26" y="39" font-family="Arial,sans-serif" font-size="18" font-weight="700" fill="#c8161d" text-anchor="middle">Q</text></svg>`;

export function favicon(app: Express): void {
  app.get('/favicon.ico', (_req, res) => {
    res.setHeader('Content-Type', 'image/svg+xml');
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.send(FAVICON_SVG);
  });
}
