import { safeMessage } from './excerpt.js';
import type { SourceLocation } from './model.js';

/** One thing wrong (error) or worth a look (warning) in user input, with where it is. */
export interface Problem {
  severity: 'error' | 'warning';
  /** Short stable id of the rule or check (`cname-beside-data`, `bad-value`…). */
  rule: string;
  message: string;
  location?: SourceLocation;
  /** The record it is about, as `name TYPE`, when there is one. */
  record?: string;
}

export function formatLocation(location: SourceLocation | undefined): string {
  return location ? `${location.file}:${location.line}:${location.column}` : '';
}

/** `zones/example.com.yaml:12:3: error: www.example.com. MX: missing preference [bad-value]` */
export function formatProblem(problem: Problem): string {
  const where = formatLocation(problem.location);
  // Parser messages already say `Invalid record "www.example.com." A: …`; the record is named once.
  const what = problem.record && !problem.message.includes(`"${problem.record.split(' ')[0]}"`) ? `${problem.record}: ` : '';
  return `${where ? `${where}: ` : ''}${problem.severity}: ${what}${problem.message} [${problem.rule}]`;
}

export function hasErrors(problems: Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** "and 3 more problems": the line that stands for the problems left out past the cap. */
export function moreProblems(count: number): string {
  return `and ${count} more problem${count === 1 ? '' : 's'}`;
}

/** The first `max` problems formatted (messages escaped and short), then one line counting the rest: error details that stay short whatever the input. */
export function problemLines(problems: readonly Problem[], max: number): string[] {
  const lines = problems.slice(0, max).map((p) => formatProblem({ ...p, message: safeMessage(p.message) }));
  if (problems.length > max) lines.push(moreProblems(problems.length - max));
  return lines;
}
