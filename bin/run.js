#!/usr/bin/env node
// Runs the CLI bundle (dist/bundle/cli.cjs: @oclif/core and the commands) through V8's code cache.
import { existsSync } from 'node:fs';

// Not built (a fresh clone, or a build that failed half-way): one line saying so, not a stack trace.
for (const built of ['../dist/cli/bundle-loader.js', '../dist/bundle/cli.cjs']) {
  if (!existsSync(new URL(built, import.meta.url))) {
    process.stderr.write(`Error: zonesync is not built (${built.slice(3)} is missing): run npm run build\n`);
    process.exit(1);
  }
}
const { loadCli } = await import('../dist/cli/bundle-loader.js');
const { oclif } = loadCli().exports;
// oclif.execute() without its error handler, so an unknown command exits 1 with suggestions, not 2.
const config = await oclif.Config.load(import.meta.url);
try {
  await oclif.run(process.argv.slice(2), config);
  // flush waits for a 'drain' that a closed pipe never sends (the process would end on an unsettled await, exit 13).
  if (!process.stdout.destroyed && process.stdout.writable) await oclif.flush();
} catch (error) {
  const unknown = error instanceof oclif.Errors.CLIError ? /^command (.+) not found$/.exec(error.message) : null;
  if (!unknown) await oclif.handle(error);
  else {
    const { unknownCommandMessage } = await import('../dist/cli/command-not-found.js');
    process.stderr.write(`${unknownCommandMessage(config.bin, unknown[1], config.commandIDs)}\n`);
    process.exitCode = 1;
  }
}
