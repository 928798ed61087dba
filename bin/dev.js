#!/usr/bin/env -S node --import tsx
// The @oclif/core that scripts/bundle.js built in with the commands: one copy runs them and they extend it.
import oclif from '../dist/bundle/oclif.js';

await oclif.execute({ development: true, dir: import.meta.url });
