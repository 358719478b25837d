/**
 * "5 MB", "1.5 MB", "800 KB". Networks state limits in either binary (X: 5 MB = 5 MiB) or decimal
 * (Bluesky: 2,000,000 bytes) units; a size is shown in the units of the limit it is compared with.
 */
export function formatBytes(bytes: number, limit = bytes): string {
  const binary = limit % 1024 === 0 && limit >= 1024;
  const k = binary ? 1024 : 1000;
  for (const [unit, size] of [
    ["GB", k ** 3],
    ["MB", k ** 2],
    ["KB", k],
  ] as const) {
    if (bytes >= size) return `${Math.round((bytes / size) * 10) / 10} ${unit}`;
  }
  return `${bytes} bytes`;
}
