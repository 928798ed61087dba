// Loaded into every node process of the test run (NODE_OPTIONS --import, set by global-setup.ts):
// each zone file the file provider renames into place is copied to ZONESYNC_ZONE_AUDIT_DIR, where
// the run's teardown checks every one with named-checkzone. Prints nothing; never fails a write.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';

const dir = process.env.ZONESYNC_ZONE_AUDIT_DIR;
if (dir && !fs.promises.rename.zonesyncAudit) {
  const original = fs.promises.rename;
  let count = 0;
  const audited = async function rename(from, to) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 50;
    // The file provider's store writes through writeFileAtomic; the async frames name the class (source and bundle alike).
    const fromStore = /\bFileZoneStore\.write\b/.test(new Error().stack ?? '');
    Error.stackTraceLimit = limit;
    await original(from, to);
    if (!fromStore || !String(to).endsWith('.zone')) return;
    const copy = join(dir, `${process.pid}-${++count}`);
    try {
      // Copy, then rename: a process killed mid-copy (the crash tests) leaves a .tmp the check skips, never half a file.
      fs.copyFileSync(to, `${copy}.tmp`);
      fs.renameSync(`${copy}.tmp`, `${copy}.zone`);
    } catch (error) {
      try {
        fs.writeFileSync(`${copy}.error`, `${String(to)}: ${error}`);
      } catch {
        // The audit directory is gone (the run is over): nothing to record into.
      }
    }
  };
  audited.zonesyncAudit = true;
  fs.promises.rename = audited;
  syncBuiltinESMExports();
}
