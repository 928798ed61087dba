/** ANSI styling that turns into plain text when colour is off (pipes, CI logs, files). */
export interface Style {
  added(s: string): string;
  removed(s: string): string;
  changed(s: string): string;
  heading(s: string): string;
  dim(s: string): string;
  warn(s: string): string;
  bad(s: string): string;
  good(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export const colour: Style = {
  added: wrap(32, 39),
  removed: wrap(31, 39),
  changed: wrap(33, 39),
  heading: wrap(1, 22),
  dim: wrap(2, 22),
  warn: wrap(33, 39),
  bad: wrap(31, 39),
  good: wrap(32, 39),
};

const same = (s: string) => s;
export const plain: Style = { added: same, removed: same, changed: same, heading: same, dim: same, warn: same, bad: same, good: same };
