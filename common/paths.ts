import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root, found by walking up from this file, so data files resolve the same
 * whether code runs from TypeScript sources (tests) or from the compiled `dist/` tree.
 */
export const projectRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = resolve(dir, '..');
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
})();

export function fromRoot(...parts: string[]): string {
  return join(projectRoot, ...parts);
}

/**
 * The product owner's development sets, copied into the repository unchanged (see
 * knowledge/eval/dev/README.md) so a clone with nothing beside it can test, evaluate and bench.
 */
export function devSet(name: 'qa_dev' | 'routing_dev'): string {
  return fromRoot('knowledge', 'eval', 'dev', `${name}.json`);
}
