/**
 * Stripe's API takes application/x-www-form-urlencoded bodies with bracketed keys
 * (`line_items[0][price]=…`, `metadata[workspaceId]=…`), as its SDK sends them. This turns
 * them into nested objects; arrays stay objects keyed "0", "1"… (listOf reads them).
 */
export type Form = { [key: string]: string | Form };

export function parseForm(pairs: Iterable<[string, string]>): Form {
  const root: Form = {};
  for (const [key, value] of pairs) {
    const path = key.replace(/\]/g, "").split("[");
    let node = root;
    for (const [index, part] of path.entries()) {
      if (index === path.length - 1) {
        node[part] = value;
      } else {
        const next = node[part];
        node[part] = typeof next === "object" ? next : {};
        node = node[part] as Form;
      }
    }
  }
  return root;
}

export function listOf(value: string | Form | undefined): (string | Form)[] {
  if (value === undefined) return [];
  if (typeof value === "string") return [value];
  return Object.keys(value)
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => value[key] as string | Form);
}

export function text(value: string | Form | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function record(value: string | Form | undefined): Record<string, string> {
  if (!value || typeof value === "string") return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
}
