import type { Request, Response } from 'express';

/** Flat SVG status badges (shields.io style), rendered locally: no call to an outside service. */
const COLOURS = { green: '#4c1', red: '#e05d44', grey: '#9f9f9f', orange: '#fe7d37' } as const;
export type BadgeColour = keyof typeof COLOURS;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const width = (s: string) => Math.round(s.length * 6.5 + 10);

export function badgeSvg(label: string, value: string, colour: BadgeColour): string {
  const lw = width(label);
  const vw = width(value);
  const w = lw + vw;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${esc(label)}: ${esc(value)}">` +
    `<title>${esc(label)}: ${esc(value)}</title>` +
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
    `<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${COLOURS[colour]}"/><rect width="${w}" height="20" fill="url(#s)"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">` +
    `<text x="${lw / 2}" y="14">${esc(label)}</text><text x="${lw + vw / 2}" y="14">${esc(value)}</text></g></svg>`
  );
}

export function sendBadge(res: Response, label: string, value: string, colour: BadgeColour): void {
  res
    .status(200)
    .set('cache-control', 'no-cache')
    .type('image/svg+xml;charset=utf-8')
    .send(badgeSvg(label, value, colour));
}

export const labelOf = (req: Request, fallback: string) =>
  typeof req.query.label === 'string' && req.query.label ? req.query.label : fallback;

/** A can-i-deploy answer as a badge: yes, no or unknown. */
export function sendDeployableBadge(
  req: Request,
  res: Response,
  deployable: boolean | null | undefined,
  fallbackLabel = 'can-i-deploy',
): void {
  const label = labelOf(req, fallbackLabel);
  if (deployable === true) sendBadge(res, label, 'yes', 'green');
  else if (deployable === false) sendBadge(res, label, 'no', 'red');
  else sendBadge(res, label, 'unknown', 'grey');
}
