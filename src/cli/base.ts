import { Args, Command, Flags, Errors, type Interfaces } from '@oclif/core';
import { loadConfig, selectZones, type Config, type ZoneConfig } from '../config/load.js';
import { parseShard, selectShard } from '../core/shard.js';
import { homedir } from 'node:os';
import { environmentSecrets, readAwsFileSecrets, SecretRedactor } from '../config/secrets.js';
import { ExitCode, ZonesyncError, type ExitCodeValue } from '../core/errors.js';
import { unfinishedRuns } from '../engine/run/run-status.js';
import { ProviderSet } from '../providers/registry.js';
import { colour, plain, type Style } from '../render/style.js';
import { unfinishedRunHint } from '../render/unfinished-run.js';
import { guardStandardStreams, writeTolerant } from './output.js';

/** The zone names validate, plan, apply and verify take, declared so that --help shows them; every one of them is in `argv` (strict = false). */
export function zoneArgs(verb: string) {
  return { zones: Args.string({ description: `zones to ${verb}, one or more (default: every zone of the config)` }) };
}

/** What every command shares: --config, --target, --quiet, colour, and the one error handler that knows the error kinds. */
export abstract class ZonesyncCommand extends Command {
  static override enableJsonFlag = true;
  static override strict = false;

  static override baseFlags = {
    config: Flags.string({ char: 'c', description: 'path to zonesync.yaml', default: 'zonesync.yaml', helpGroup: 'GLOBAL' }),
    // Non-greedy: `--target local example.com` is one target and a zone, not two targets.
    target: Flags.string({ char: 't', description: 'only these providers (repeatable: -t a -t b)', multiple: true, multipleNonGreedy: true, helpGroup: 'GLOBAL' }),
    quiet: Flags.boolean({ char: 'q', description: 'print only errors and the result', default: false, helpGroup: 'GLOBAL' }),
    shard: Flags.string({ description: 'only the zones of shard INDEX/TOTAL, split by a hash of the zone name (CI matrix: --shard 2/5)', helpGroup: 'GLOBAL' }),
    color: Flags.boolean({ description: 'colour output (default: when the output is a terminal and NO_COLOR is unset)', allowNo: true, helpGroup: 'GLOBAL' }),
  };

  private providerSet?: ProviderSet;
  /** This run's secrets: what it prints and writes passes through it; loadConfig and the builders add to it. */
  private readonly secrets = new SecretRedactor();

  /** Credentials of the environment and the AWS shared files are known before any line is printed. */
  override async init(): Promise<void> {
    // Before any output: a closed stdout or stderr (a pipe into `head`) must not end the command.
    guardStandardStreams();
    this.secrets.addAll(environmentSecrets(process.env));
    this.secrets.addAll(await readAwsFileSecrets(process.env, process.env.HOME ?? homedir()));
    await super.init();
  }

  /**
   * oclif's parse spreads the command class into its options, which drops static fields a
   * command inherits (our `strict = false`, so every zone argument was refused): pass them on.
   */
  protected override async parse<F extends Interfaces.OutputFlags<Interfaces.FlagInput>, B extends Interfaces.OutputFlags<Interfaces.FlagInput>, A extends Interfaces.OutputArgs<Interfaces.ArgInput>>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const input = (options ?? this.ctor) as Interfaces.Input<F, B, A>;
    return super.parse({ ...input, strict: input.strict, args: input.args, flags: input.flags, baseFlags: input.baseFlags, enableJsonFlag: input.enableJsonFlag }, argv);
  }

  protected async config_(path: string): Promise<Config> {
    return loadConfig(path, process.env, this.secrets);
  }

  /** Zones named on the command line (all when none), narrowed to `--shard` when given. */
  protected async zonesFrom(config: Config, argv: unknown[], shard?: string): Promise<ZoneConfig[]> {
    const zones = selectZones(config, argv.map(String));
    return shard === undefined ? zones : selectShard(zones, parseShard(shard), (z) => z.name);
  }

  protected providers(config: Config): ProviderSet {
    this.providerSet ??= new ProviderSet(config, process.env);
    return this.providerSet;
  }

  protected style(flag: boolean | undefined): Style {
    const enabled = flag ?? (process.stdout.isTTY === true && !process.env.NO_COLOR && !process.env.CI);
    return enabled ? colour : plain;
  }

  /** What a command writes to a file (a saved plan, a report) passes the same redactor as what it prints. */
  protected redact(text: string): string {
    return this.secrets.redact(text);
  }

  /** Every line printed goes through the secret redactor. */
  protected print(text: string): void {
    writeTolerant(process.stdout, this.secrets.redact(text.endsWith('\n') ? text : `${text}\n`));
  }

  override logJson(json: unknown): void {
    this.print(JSON.stringify(json, null, 2));
  }

  protected printError(text: string): void {
    writeTolerant(process.stderr, this.secrets.redact(text.endsWith('\n') ? text : `${text}\n`));
  }

  /** Name every run that did not finish (a crash), on stderr: it still needs finishing or undoing. */
  protected async warnUnfinishedRuns(config: Config, style: Style): Promise<void> {
    for (const run of await unfinishedRuns(config.stateDir)) this.printError(style.warn(`warning: ${unfinishedRunHint(run)}`));
  }

  protected exitWith(code: ExitCodeValue): void {
    if (code !== ExitCode.ok) process.exitCode = code;
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    await this.providerSet?.close();
    return super.finally(error);
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<void> {
    if (error instanceof Errors.ExitError) throw error;
    if (error instanceof ZonesyncError) {
      const lines = [`Error: ${error.message}`, ...error.details.map((d) => `  - ${d}`)];
      if (this.jsonEnabled()) this.printError(JSON.stringify({ error: { message: error.message, details: error.details, exitCode: error.exitCode } }));
      else this.printError(lines.join('\n'));
      process.exitCode = error.exitCode;
      return;
    }
    // oclif's own parse errors (unknown flag, bad value) are user errors too.
    if (error instanceof Errors.CLIError) {
      this.printError(`Error: ${error.message}`);
      process.exitCode = ExitCode.error;
      return;
    }
    this.printError(`Internal error (this is a bug in zonesync; please report it): ${error.stack ?? error.message}`);
    process.exitCode = ExitCode.error;
  }
}
