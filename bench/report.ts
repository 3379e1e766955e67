/** Printing a benchmark section: a table of measured rows, each goal with its verdict. */

export interface Goal {
  what: string;
  measured: number;
  /** The measured figure must be at least (`>=`) or at most (`<=`) the target. */
  op: '>=' | '<=';
  target: number;
  unit?: string;
}

export function table(title: string, header: string[], rows: Array<Array<string | number>>): void {
  const cells = [header, ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? format(cell) : cell)))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => String(row[column]).length)));
  const line = (row: Array<string | number>) =>
    row.map((cell, column) => String(cell).padStart(widths[column])).join('  ');
  console.log(`\n${title}\n${line(cells[0])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of cells.slice(1)) console.log(line(row));
}

/** Print each goal with met/missed; returns how many were missed (reported, not fatal). */
export function goals(list: Goal[]): number {
  let missed = 0;
  console.log('');
  for (const goal of list) {
    const met = goal.op === '>=' ? goal.measured >= goal.target : goal.measured <= goal.target;
    if (!met) missed++;
    console.log(
      `${met ? 'met   ' : 'MISSED'}  ${goal.what}: ${format(goal.measured)}${goal.unit ?? ''} ` +
        `(goal ${goal.op} ${format(goal.target)}${goal.unit ?? ''})`,
    );
  }
  return missed;
}

export function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(3);
}
