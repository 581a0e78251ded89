// Dates and times as the UK writes them ("5 November 2026 at 09:03"),
// written out here rather than by `toLocaleString`. In WebKitGTK every
// `toLocaleString('en-GB', …)` builds an ICU date formatter, which loads ICU's
// calendar and locale data into the page's process: measured with
// WebKitGTK 2.50's MiniBrowser, one formatter cost 1.8 MB and 90 calls (one
// per minute-taker's note on the large audit's minutes) 6.4 MB, kept for
// the life of the page (issue 22). The output is the same as ICU 72's
// en-GB, "Sept" included; times are the computer's local time, as there.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
  'August', 'September', 'October', 'November', 'December'];
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];

const two = (n) => String(n).padStart(2, '0');

/** "09:03", 24-hour local time. */
export function clockTime(d) {
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** "09:03:07". */
export function clockTimeSeconds(d) {
  return `${clockTime(d)}:${two(d.getSeconds())}`;
}

/** "5 November 2026", local date. */
export function longDate(d) {
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

/** "5 November 2026", the date as given in UTC (for a calendar date stored as midnight UTC). */
export function longDateUtc(d) {
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "5 November 2026 at 09:03". */
export function dateTime(d) {
  return `${longDate(d)} at ${clockTime(d)}`;
}

/** "5 November 2026 at 09:03:07". */
export function dateTimeSeconds(d) {
  return `${longDate(d)} at ${clockTimeSeconds(d)}`;
}

/** "5 Nov, 09:03". */
export function shortDateTime(d) {
  return `${d.getDate()} ${SHORT_MONTHS[d.getMonth()]}, ${clockTime(d)}`;
}
