/**
 * Month values of 2021+ 防返贫监测 exports: 识别监测时间 and 消除监测时间 are written YYYYMM (202203), and
 * sometimes 2022-03, 2022.3, 2022年3月 or a full date. Rules compare months, so each becomes a month index
 * (year × 12 + month − 1). Hand-written: a few regexes; a date library would not know the YYYYMM form.
 */

const COMPACT = /^(\d{4})(\d{2})(\d{2})?$/;
const SEPARATED =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月|[-/.]\s*\d{1,2}\s*[日号]?|月\s*\d{1,2}\s*[日号]?)?$/;

/** year × 12 + month − 1, or −1 when the text is not a month of 1900–2099. */
export function monthIndex(text: string): number {
  const t = text.trim();
  const m = COMPACT.exec(t) ?? SEPARATED.exec(t);
  if (!m) return -1;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1900 || year > 2099 || month < 1 || month > 12) return -1;
  return year * 12 + month - 1;
}
