// An unknown command is a user error: bin/run.js prints this line and exits 1, where oclif alone
// says "command X not found" with exit 2, the code zonesync keeps for "changes present". (Not an
// oclif command_not_found hook: oclif loads hooks by import(), which the code-cached bundle lacks.)

/** Edits (insert, delete, substitute, swap two neighbours) between two words. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The one-line error for an unknown command: the close commands when there are any, else all of them. */
export function unknownCommandMessage(bin: string, argvId: string, commandIds: readonly string[]): string {
  // oclif joins the words after an unknown command into its id ("frobnicate:example.com").
  const id = argvId.split(':')[0]!;
  const ids = [...new Set(commandIds.filter((c) => !c.includes(':')))].sort();
  const word = id.toLowerCase();
  const near = ids
    .map((c) => ({ c, d: editDistance(word, c) }))
    .filter(({ c, d }) => d <= Math.max(1, Math.floor(c.length / 3)) || (word.length >= 3 && c.startsWith(word)))
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1))
    .map(({ c }) => c);
  const suggestion = near.length > 0 ? `did you mean ${near.map((c) => `"${bin} ${c}"`).join(' or ')}?` : `did you mean one of: ${ids.join(', ')}?`;
  return `Error: "${id}" is not a ${bin} command; ${suggestion} (${bin} --help lists them)`;
}
