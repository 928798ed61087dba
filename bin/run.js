#!/usr/bin/env node
// Runs the CLI bundle (dist/bundle/cli.cjs: @oclif/core and the commands) through V8's code cache.
import { loadCli } from '../dist/cli/bundle-loader.js';

await loadCli().exports.oclif.execute({ dir: import.meta.url });
