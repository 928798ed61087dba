#!/usr/bin/env -S node --import tsx
// Runs the CLI bundle like bin/run.js, in oclif's development mode (more detail on errors).
import { loadCli } from '../dist/cli/bundle-loader.js';

await loadCli().exports.oclif.execute({ development: true, dir: import.meta.url });
