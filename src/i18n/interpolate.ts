const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** Fill `{{name}}` placeholders from data; a placeholder without data is left as written (as ESLint does). */
export function interpolate(template: string, data: Readonly<Record<string, unknown>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = data[name];
    if (value === undefined || value === null) return whole;
    return typeof value === 'number' ? formatNumber(value) : String(value);
  });
}

/** Numbers in messages: integers as written, others with at most two decimals. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}
