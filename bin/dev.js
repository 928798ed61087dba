#!/usr/bin/env -S node --import tsx
// Runs the CLI bundle like bin/run.js, in the development mode of oclif (more detail on errors).
import { loadCli } from '../dist/cli/bundle-loader.js';

await loadCli().exports.oclif.execute({ development: true, dir: import.meta.url });
