/** A relative change as people read it: "+12.5%", "-3%", "new" where there was nothing before. */
export function formatChange(change: number | null | undefined): string {
  if (change === undefined) return "";
  if (change === null) return "new";
  return `${change > 0 ? "+" : ""}${Math.round(change * 1000) / 10}%`;
}
