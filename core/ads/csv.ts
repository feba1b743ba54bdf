/** CSV for spreadsheets: quoted cells, and no cell a spreadsheet would run as a formula. */
export function csvCell(v: string | number): string {
  let s = String(v);
  // =, +, -, @, tab and CR start formulas in Excel/LibreOffice (CSV injection): make them text.
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
