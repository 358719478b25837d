/**
 * X's weighted length, from "Counting characters" in X's docs: code points in the ranges
 * U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037 weigh 1, everything else 2;
 * an emoji sequence weighs 2 however many code points it has; any URL weighs 23. Written from
 * the documentation rather than shared with the adapter, so each checks the other.
 */
export function weightedLength(text: string): number {
  let weight = 0;
  let rest = text.normalize("NFC");
  rest = rest.replace(urlPattern, () => {
    weight += 23;
    return "";
  });
  const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
  for (const { segment } of segmenter.segment(rest)) {
    if (/\p{Extended_Pictographic}/u.test(segment)) {
      weight += 2;
      continue;
    }
    for (const char of segment) weight += light(char.codePointAt(0) ?? 0) ? 1 : 2;
  }
  return weight;
}

const ranges: [number, number][] = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];

function light(codePoint: number): boolean {
  return ranges.some(([from, to]) => codePoint >= from && codePoint <= to);
}

// Links with a scheme, and bare domains on common top-level domains (X links both).
const urlPattern =
  /\bhttps?:\/\/[^\s]+|\b(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|app|co|social|edu|gov)(?:\/[^\s]*)?/giu;
