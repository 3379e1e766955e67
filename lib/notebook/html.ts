/** Small HTML helpers: anything that came from outside is escaped before it becomes markup. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escape text for use inside HTML element content or a quoted attribute.
 * @example escapeHtml('<b>') // '&lt;b&gt;'
 */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/** A cell of `htmlTable`: numbers are formatted with `digits` decimals, everything else is escaped text. */
export type TableCell = string | number | bigint | boolean | null | undefined;

/**
 * Render rows of plain values as an HTML table; every cell is escaped.
 * @param rows objects with the same keys; the first row's keys become the header.
 * @param digits decimals for non-integer numbers (default 2).
 * @example htmlTable([{ workers: 2, ms: 41.5 }])
 */
export function htmlTable<Row extends { [K in keyof Row]: TableCell }>(rows: readonly Row[], digits = 2): string {
  if (rows.length === 0) return '<table class="runbook-table"></table>';
  const keys = Object.keys(rows[0]) as Array<keyof Row>;
  const format = (value: TableCell) =>
    typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(digits) : String(value ?? '');
  const head = keys.map((key) => `<th>${escapeHtml(String(key))}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${keys.map((key) => `<td>${escapeHtml(format(row[key]))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table class="runbook-table"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * A sentence about this run's figures, marked with whether this run bears it out: notebooks are re-run
 * on other machines and under other loads, so a conclusion is rendered from the result, never typed.
 * @param sentence what the figures show when the lesson holds (already filled with this run's numbers).
 * @param holds whether this run's figures bear the sentence out.
 * @param otherwise what this run showed instead, said when `holds` is false.
 * @example showHtml(finding(`Waiting overlapped: ${x.toFixed(1)}× faster.`, x > 2,
 *   `only ${x.toFixed(1)}× here: is the machine busy?`))
 */
export function finding(sentence: string, holds: boolean, otherwise = 'this run does not show it.'): string {
  // A long sentence is wrapped over several lines in a notebook cell: one space wherever it broke.
  const tidy = (text: string) => escapeHtml(text.replace(/\s+/g, ' ').trim());
  return holds
    ? `<p class="runbook-finding">✔ ${tidy(sentence)}</p>`
    : `<p class="runbook-finding runbook-finding-not">✘ Not on this run: ${tidy(otherwise)}</p>`;
}
