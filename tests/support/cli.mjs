// The `roadshow` command-line tool, run on a snapshot as the browser tests compare with it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT } from './harness.mjs';

export const CLI = process.env.ROADSHOW_CLI_BIN ?? join(ROOT, 'target', 'release', 'roadshow');

/** `roadshow COMMAND FILE ARGS…` on `snapshot` (an object, written to a file in `dir`); its stdout. */
export function roadshow(dir, command, snapshot, args = []) {
  const file = join(dir, `snapshot-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(snapshot));
  return execFileSync(CLI, [command, file, ...args], { encoding: 'utf8' });
}
