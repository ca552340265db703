/** Number formats every reporter shares, so a pass rate reads the same in the terminal, Markdown and HTML. */

/** A rate 0–1 as a percentage with one decimal ("98.0%"); "—" when nothing was checked. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}
