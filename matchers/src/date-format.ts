/**
 * Date and time formats of the Pact date/time/timestamp matchers. Pact files carry Java
 * DateTimeFormatter / SimpleDateFormat patterns (`yyyy-MM-dd'T'HH:mm:ss.SSSXXX`); we turn a pattern
 * into an anchored regular expression and then check the calendar (no 30 February).
 * Without a format the ISO 8601 forms apply.
 */
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const DAYS = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
const short = (names: string) =>
  names
    .split('|')
    .map((n) => n.slice(0, 3))
    .join('|');

interface Compiled {
  re: RegExp;
  /** Group names for year, month and day when the pattern has them, to check the calendar. */
  fields: string[];
}

const cache = new Map<string, Compiled | null>();

function piece(letter: string, n: number): { re: string; field?: string } | null {
  switch (letter) {
    case 'y':
    case 'u':
    case 'Y':
      return n === 2 ? { re: '\\d{2}' } : { re: `\\d{${Math.max(n, 4)}}`, field: 'year' };
    case 'M':
    case 'L':
      if (n >= 4) return { re: `(?:${MONTHS})` };
      if (n === 3) return { re: `(?:${short(MONTHS)})` };
      return { re: n === 2 ? '(?:0[1-9]|1[0-2])' : '(?:1[0-2]|[1-9])', field: 'month' };
    case 'd':
      return { re: n === 2 ? '(?:0[1-9]|[12]\\d|3[01])' : '(?:3[01]|[12]\\d|[1-9])', field: 'day' };
    case 'D':
      return { re: `\\d{${n},3}` };
    case 'H':
      return { re: n === 2 ? '(?:[01]\\d|2[0-3])' : '(?:2[0-3]|1\\d|\\d)' };
    case 'k':
      return { re: n === 2 ? '(?:0[1-9]|1\\d|2[0-4])' : '(?:2[0-4]|1\\d|[1-9])' };
    case 'h':
      return { re: n === 2 ? '(?:0[1-9]|1[0-2])' : '(?:1[0-2]|[1-9])' };
    case 'K':
      return { re: n === 2 ? '(?:0\\d|1[01])' : '(?:1[01]|\\d)' };
    case 'm':
    case 's':
      return { re: n === 2 ? '[0-5]\\d' : '(?:[1-5]\\d|\\d)' };
    case 'S':
    case 'n':
      return { re: `\\d{${n}}` };
    case 'a':
      return { re: '(?:AM|PM|am|pm)' };
    case 'E':
      return { re: n >= 4 ? `(?:${DAYS})` : `(?:${short(DAYS)})` };
    case 'e':
    case 'c':
      return { re: '[1-7]' };
    case 'w':
    case 'W':
    case 'F':
      return { re: '\\d{1,2}' };
    case 'G':
      return { re: '(?:AD|BC)' };
    case 'z':
    case 'V':
      return { re: '[A-Za-z_/+\\-0-9]+' };
    case 'Z':
      return { re: n === 4 ? '(?:GMT|[+-]\\d{2}:\\d{2})' : '[+-]\\d{4}' };
    case 'X':
      return { re: n === 1 ? '(?:Z|[+-]\\d{2}(?:\\d{2})?)' : n === 2 ? '(?:Z|[+-]\\d{4})' : '(?:Z|[+-]\\d{2}:\\d{2})' };
    case 'x':
      return { re: n === 1 ? '[+-]\\d{2}(?:\\d{2})?' : n === 2 ? '[+-]\\d{4}' : '[+-]\\d{2}:\\d{2}' };
    default:
      return null;
  }
}

function compile(pattern: string): Compiled | null {
  let re = '';
  const fields: string[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) return null;
      re += end === i + 1 ? "'" : escapeRegex(pattern.slice(i + 1, end));
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let n = 1;
      while (pattern[i + n] === c) n++;
      const p = piece(c, n);
      if (!p) return null;
      if (p.field && !fields.includes(p.field)) {
        fields.push(p.field);
        re += `(?<${p.field}>${p.re})`;
      } else re += p.re;
      i += n;
    } else {
      re += escapeRegex(c);
      i++;
    }
  }
  return { re: new RegExp(`^${re}$`), fields };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const DEFAULT_FORMATS = {
  date: 'yyyy-MM-dd',
  time: 'HH:mm:ss',
} as const;

const ISO_TIMESTAMP =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const ISO_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** true: matches; false: does not; null: the pattern itself is not understood. */
export function matchesDateFormat(
  value: string,
  pattern: string | undefined,
  kind: 'date' | 'time' | 'timestamp',
): boolean | null {
  if (!pattern) {
    if (kind === 'timestamp') return calendarOk(ISO_TIMESTAMP.exec(value));
    if (kind === 'time') return ISO_TIME.test(value);
    pattern = DEFAULT_FORMATS.date;
  }
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    compiled = compile(pattern);
    cache.set(pattern, compiled);
  }
  if (!compiled) return null;
  return calendarOk(compiled.re.exec(value));
}

function calendarOk(m: RegExpExecArray | null): boolean {
  if (!m) return false;
  const g = m.groups ?? {};
  if (g.day && g.month) {
    const year = g.year ? Number(g.year) : 2000; // a leap year: 29 February passes without a year
    const days = new Date(Date.UTC(year, Number(g.month), 0)).getUTCDate();
    return Number(g.day) <= days;
  }
  return true;
}
