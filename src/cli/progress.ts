import { stripVTControlCharacters } from 'node:util';
import { DefaultRenderer, Listr, ListrDefaultRendererLogLevels, ListrLogger, ProcessOutput, figures, type ListrTaskWrapper } from 'listr2';
import type { JournalEntry } from '../engine/run/journal.js';
import { LEVEL_TEXT, renderProgressLine } from '../render/apply.js';
import { writeTolerant } from './output.js';

/** What a command feeds the apply engine's `onEvent`, and awaits before it prints its report. */
export interface Progress {
  readonly mode: ProgressMode;
  onEvent(entry: JournalEntry): void;
  /** Stop the live display (leaving its last frame) or flush nothing; safe to call twice. */
  done(): Promise<void>;
}

export type ProgressMode = 'live' | 'plain' | 'silent';

export interface ProgressOptions {
  /** The stream is a terminal a person watches (and not CI): live display; else one plain line per event. */
  tty: boolean;
  quiet?: boolean;
  json?: boolean;
  /** Where progress goes; stdout stays for the result. Default: process.stderr. */
  stream?: NodeJS.WritableStream;
  /** Zone × provider pairs known up front (from the plan), shown as waiting until they start. */
  rows?: { zone: string; target: string }[];
  /** Every line shown passes through it (the run's secret redactor). */
  redact: (text: string) => string;
}

type RowStatus = 'waiting' | 'pushing' | 'verifying' | 'waiting-ttl' | 'done' | 'failed';

interface Row {
  zone: string;
  target: string;
  status: RowStatus;
  /** Chunk counts per phase as announced by chunk-start (later phases are unknown until they start). */
  chunks: Map<string, number>;
  verified: number;
  /** Live but not asked over DNS (`--verify api|none`, or no nameserver to ask): never counted as verified. */
  unchecked: number;
  note: string;
}

/** The state a live display shows: every zone × provider pair with its chunk counts. */
export class ProgressBoard {
  private readonly rows = new Map<string, Row>();

  constructor(rows: { zone: string; target: string }[] = []) {
    for (const r of rows) this.row(r.zone, r.target);
  }

  private row(zone: string, target: string): Row {
    const key = `${zone}\u0000${target}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { zone, target, status: 'waiting', chunks: new Map(), verified: 0, unchecked: 0, note: 'waiting' };
      this.rows.set(key, row);
    }
    return row;
  }

  /** True when the entry changed what is shown. */
  apply(entry: JournalEntry): boolean {
    if (entry.type === 'run-start' || entry.type === 'run-end' || entry.type === 'switch-step') return false;
    const row = this.row(entry.zone, entry.target);
    switch (entry.type) {
      case 'zone-created':
        row.note = 'zone created';
        break;
      case 'chunk-start':
        row.chunks.set(entry.phase, entry.chunks);
        row.status = 'pushing';
        row.note = `${entry.phase} chunk ${entry.chunk}/${entry.chunks}: pushing ${entry.changes.length} change(s)`;
        break;
      case 'chunk-applied':
        row.status = 'verifying';
        row.note = `${entry.phase} chunk ${entry.chunk}: verifying`;
        break;
      case 'chunk-verified':
        if (entry.level === 'api' || entry.level === 'none') {
          row.unchecked += 1;
          row.note = `${entry.phase} chunk ${entry.chunk} live, ${LEVEL_TEXT[entry.level]}`;
        } else {
          row.verified += 1;
          row.note = `${entry.phase} chunk ${entry.chunk} verified`;
        }
        break;
      case 'chunk-failed':
        row.status = 'failed';
        row.note = `${entry.phase} chunk ${entry.chunk} FAILED at ${entry.stage}: ${entry.error}`;
        break;
      case 'already-applied':
        row.note = `${entry.changes.length} change(s) already applied`;
        break;
      case 'wait':
        row.status = 'waiting-ttl';
        row.note = `waiting for old TTLs until ${entry.until}`;
        break;
      case 'phase-done':
        row.note = `${entry.phase} done`;
        break;
      case 'drift-checked':
        if (entry.problems.length > 0) row.status = 'failed';
        row.note = entry.problems.length === 0 ? 'final drift check passed' : `final drift check FAILED: ${entry.problems.length} rrset(s) differ`;
        break;
      case 'zone-prepared':
      case 'zone-settled':
        row.note = entry.detail;
        break;
      case 'zone-done':
        row.status = 'done';
        row.note = 'done';
        break;
    }
    return true;
  }

  get failed(): boolean {
    return [...this.rows.values()].some((r) => r.status === 'failed');
  }

  title(finished = false): string {
    if (!finished) return 'Applying';
    if (this.failed) return 'Stopped at the first failed chunk';
    return [...this.rows.values()].every((r) => r.status === 'done') ? 'Applied' : 'Paused';
  }

  summary(): string {
    const all = [...this.rows.values()];
    const chunks = all.reduce((n, r) => n + total(r), 0);
    const verified = all.reduce((n, r) => n + r.verified, 0);
    const unchecked = all.reduce((n, r) => n + r.unchecked, 0);
    const zones = new Set(all.map((r) => r.zone)).size;
    const targets = new Set(all.map((r) => r.target)).size;
    return `${zones} zone(s) × ${targets} provider(s), ${verified}/${chunks} chunk(s) verified${uncheckedText(unchecked)}`;
  }

  lines(): string[] {
    const all = [...this.rows.values()];
    const width = Math.max(0, ...all.map((r) => `${r.zone} on ${r.target}`.length));
    return all.map((r) => `${ICON[r.status]} ${`${r.zone} on ${r.target}`.padEnd(width)}  ${r.verified}/${total(r)} chunk(s) verified${uncheckedText(r.unchecked)} · ${r.note}`);
  }
}

const uncheckedText = (n: number) => (n > 0 ? `, ${n} live, not asked over DNS` : '');

const total = (row: Row) => [...row.chunks.values()].reduce((a, b) => a + b, 0);

const ICON: Record<RowStatus, string> = {
  waiting: figures.squareSmallFilled,
  pushing: figures.pointer,
  verifying: figures.pointer,
  'waiting-ttl': figures.warning,
  done: figures.tick,
  failed: figures.cross,
};

/** listr2 falls back to plain output when stdout is not a terminal; progress goes to stderr, which is. */
class StderrRenderer extends DefaultRenderer {
  static override nonTTY = true;
}

/** Choose the display: silent for --quiet/--json, live on a watched terminal, else grep-able lines. */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const { redact } = options;
  if (options.quiet || options.json) return { mode: 'silent', onEvent: () => undefined, done: async () => undefined };
  if (!options.tty) {
    return {
      mode: 'plain',
      onEvent: (entry) => {
        const line = renderProgressLine(entry);
        // A closed stderr drops the line, never the apply.
        if (line) writeTolerant(stream, `${stripVTControlCharacters(redact(line))}\n`);
      },
      done: async () => undefined,
    };
  }
  return liveProgress(stream, options.rows ?? [], redact);
}

/** The usual call from a command: a terminal on stderr that is not CI gets the live display. */
export function progressOnTerminal(
  flags: { quiet: boolean; json: boolean; rows?: { zone: string; target: string }[]; redact: (text: string) => string },
  env: NodeJS.ProcessEnv = process.env,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  // listr2 sizes its frame by stdout; a terminal that reports 0 columns would get empty lines.
  const sized = process.stdout.columns !== 0;
  return createProgress({ tty: stream.isTTY === true && sized && !isCi(env) && env.TERM !== 'dumb', quiet: flags.quiet, json: flags.json, stream, redact: flags.redact, ...(flags.rows ? { rows: flags.rows } : {}) });
}

export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

function liveProgress(stream: NodeJS.WritableStream, rows: { zone: string; target: string }[], redact: (text: string) => string): Progress {
  const board = new ProgressBoard(rows);
  let wrapper: ListrTaskWrapper<unknown, typeof StderrRenderer, typeof StderrRenderer> | undefined;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let running: Promise<unknown> | undefined;

  const refresh = (final = false) => {
    if (!wrapper) return;
    wrapper.title = redact(board.title(final));
    // No output icon: the summary sits under the title and listr2 indents the rows below it.
    wrapper.output = redact([board.summary(), ...board.lines()].join('\n'));
  };

  const start = () => {
    // The frame goes to `stream`; stray writes to stdout and stderr meanwhile are held and printed after it.
    const processOutput = new ProcessOutput(stream as NodeJS.WriteStream, process.stdout, { leaveEmptyLine: false });
    const listr = new Listr<unknown, typeof StderrRenderer, typeof StderrRenderer>(
      [
        {
          title: board.title(),
          task: async (_ctx, task) => {
            wrapper = task;
            refresh();
            await finished;
            refresh(true);
            // listr2 shows a failed task's error message in place of its title.
            if (board.failed) throw new Error(board.title(true));
          },
          rendererOptions: { outputBar: true, persistentOutput: true },
        },
      ],
      {
        renderer: StderrRenderer,
        fallbackRenderer: StderrRenderer,
        fallbackRendererCondition: false,
        silentRendererCondition: false,
        registerSignalListeners: false,
        rendererOptions: { logger: new ListrLogger({ processOutput }), collapseErrors: true, formatOutput: 'truncate', icon: { [ListrDefaultRendererLogLevels.OUTPUT]: '' } },
      },
    );
    running = listr.run().catch(() => undefined);
  };

  return {
    mode: 'live',
    onEvent(entry) {
      if (!board.apply(entry)) return;
      if (!running) start();
      refresh();
    },
    async done() {
      finish();
      await running;
    },
  };
}
