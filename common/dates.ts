/**
 * Dates as people in English schools write them. Stored dates stay ISO (YYYY-MM-DD); only what a
 * person reads goes through here. Formatting is done by hand rather than Intl so the words are
 * the same on every Node build and in every browser (ICU data differs, some add a comma).
 */
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function parts(iso: string): { y: number; m: number; d: number; weekday: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const weekday = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return { y, m: mo, d, weekday };
}

/** "Friday 13 March 2026". */
export function longDate(iso: string): string {
  const p = parts(iso);
  return p ? `${DAYS[p.weekday]} ${p.d} ${MONTHS[p.m - 1]} ${p.y}` : iso;
}

/** "Friday 13 March", with the year only when it is not this year's ("Friday 8 January 2027"). */
export function weekdayDate(iso: string, todayIso: string): string {
  const p = parts(iso);
  if (!p) return iso;
  return todayIso.slice(0, 4) === String(p.y) ? `${DAYS[p.weekday]} ${p.d} ${MONTHS[p.m - 1]}` : longDate(iso);
}

/** "13 March 2026". */
export function dayMonthYear(iso: string): string {
  const p = parts(iso);
  return p ? `${p.d} ${MONTHS[p.m - 1]} ${p.y}` : iso;
}

/** "13/03/2026", the form of a date input in the UK. */
export function numericDate(iso: string): string {
  const p = parts(iso);
  return p ? `${String(p.d).padStart(2, '0')}/${String(p.m).padStart(2, '0')}/${p.y}` : iso;
}

/** "13 March 2026, 14:05" (UTC) for audit entries; Teams users in England read UK time. */
export function dateTime(isoStamp: string): string {
  const d = new Date(isoStamp);
  if (Number.isNaN(d.getTime())) return isoStamp;
  // Europe/London, so a stamp reads as the wall-clock time the officer saw.
  const london = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const get = (t: string) => london.find((p) => p.type === t)?.value ?? '';
  return `${dayMonthYear(`${get('year')}-${get('month')}-${get('day')}`)}, ${get('hour')}:${get('minute')}`;
}
