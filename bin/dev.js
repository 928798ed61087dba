#!/usr/bin/env -S node --import tsx
// Runs the CLI from the TypeScript sources (the files of src/commands, through tsx), in the development
// mode of oclif (more detail on errors): a change can be tried without a build (npm run build). The same
// commands, flags and exit codes as bin/run.js, which runs the built bundle.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Config, Errors, flush, handle, run, settings } from '@oclif/core';
import { unknownCommandMessage } from '../src/cli/command-not-found.ts';

settings.debug = true;
const root = fileURLToPath(new URL('..', import.meta.url));
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// The sources' commands in place of the bundle's (package.json oclif.commands).
pjson.oclif = { ...pjson.oclif, commands: './src/commands' };
const config = await Config.load({ root, pjson });
try {
  await run(process.argv.slice(2), config);
  if (!process.stdout.destroyed && process.stdout.writable) await flush();
} catch (error) {
  const unknown = error instanceof Errors.CLIError ? /^command (.+) not found$/.exec(error.message) : null;
  if (!unknown) await handle(error);
  else {
    process.stderr.write(`${unknownCommandMessage(config.bin, unknown[1], config.commandIDs)}\n`);
    process.exitCode = 1;
  }
}
