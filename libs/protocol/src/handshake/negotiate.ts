/**
 * Picks one codec per family: for each family (the node's supported names, best first),
 * the first name the client also offered. Undefined when a family has no common codec.
 */
export function negotiateCodecs(offered: readonly string[], families: readonly (readonly string[])[]): string[] | undefined {
  const chosen: string[] = [];
  for (const family of families) {
    const pick = family.find((name) => offered.includes(name));
    if (pick === undefined) return undefined;
    chosen.push(pick);
  }
  return chosen;
}
