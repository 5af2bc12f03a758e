/** Sizes as `docker image ls` and dive print them: decimal units, three significant digits. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '?';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ${units[unit]}`;
}

export function formatPercent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)} %`;
}

/** "3 days ago" from an ISO time, for the image list. */
export function formatAge(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const then = Date.parse(iso);
  if (!Number.isFinite(then)) return '';
  const seconds = Math.max(0, (now - then) / 1000);
  const steps: [number, string][] = [[60, 'second'], [60, 'minute'], [24, 'hour'], [7, 'day'], [4.35, 'week'], [12, 'month'], [Infinity, 'year']];
  let value = seconds;
  for (const [size, name] of steps) {
    if (value < size) {
      const n = Math.floor(value);
      return n <= 0 && name === 'second' ? 'just now' : `${n} ${name}${n === 1 ? '' : 's'} ago`;
    }
    value /= size;
  }
  return '';
}
