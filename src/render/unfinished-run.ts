/** What a run that did not finish needs, and the command for it: one place, so every command says it alike. */
export function unfinishedRunHint(run: { id: string; kind: 'apply' | 'rollback' | 'switch'; of?: string; resumeWith?: string }): string {
  if (run.kind === 'switch') return `run ${run.id} (a switch) did not finish: continue it with ${run.resumeWith ?? 'the same zonesync switch command and --resume'}`;
  // A rollback is not resumed: rolling back the same run again converges to the same snapshot.
  if (run.kind === 'rollback' && run.of) return `run ${run.id} (a rollback of run ${run.of}) did not finish: finish it with zonesync rollback ${run.of}`;
  return `run ${run.id} did not finish: finish it with zonesync apply --resume --run ${run.id} or undo it with zonesync rollback ${run.id}`;
}
