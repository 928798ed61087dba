/** What a run that did not finish needs, and the command for it: one place, so every command says it alike. */
export function unfinishedRunHint(run: { id: string; kind: 'apply' | 'rollback'; of?: string }): string {
  // A rollback is not resumed: rolling back the same run again converges to the same snapshot.
  if (run.kind === 'rollback' && run.of) return `run ${run.id} (a rollback of run ${run.of}) did not finish: finish it with zonesync rollback ${run.of}`;
  return `run ${run.id} did not finish: finish it with zonesync apply --resume --run ${run.id} or undo it with zonesync rollback ${run.id}`;
}
