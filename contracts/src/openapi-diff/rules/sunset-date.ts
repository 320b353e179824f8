/** `x-sunset` dates (oasdiff's deprecation extension): `YYYY-MM-DD` or an RFC 3339 date-time. */
import type { Json } from '../model/json.ts';

export function sunsetOf(v: Json): { present: boolean; date?: Date } {
  const raw = v['x-sunset'];
  if (raw === undefined) return { present: false };
  const text = raw instanceof Date ? raw.toISOString() : String(raw);
  if (!/^\d{4}-\d{2}-\d{2}([Tt ].*)?$/.test(text)) return { present: true };
  const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isNaN(date.getTime()) ? { present: true } : { present: true, date };
}

/** Removing something deprecated before its sunset date breaks the promise the date made. */
export const beforeSunset = (v: Json, now: Date) => {
  const { date } = sunsetOf(v);
  return v.deprecated === true && date !== undefined && date > now;
};
