/** Target ids carry their post's id: `tgt_<post ulid>_<n>` belongs to `pst_<post ulid>`. */
export function targetIdFor(postId: string, index: number): string {
  return `tgt_${postId.slice("pst_".length)}_${index}`;
}

export function postIdOf(targetId: string): string | undefined {
  const match = /^tgt_([0-9a-z]{26})_\d+$/.exec(targetId);
  return match ? `pst_${match[1]}` : undefined;
}
