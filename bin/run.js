#!/usr/bin/env node
// The @oclif/core that scripts/bundle.js built in with the commands: one copy runs them and they extend it.
import oclif from '../dist/bundle/oclif.js';

await oclif.execute({ dir: import.meta.url });
