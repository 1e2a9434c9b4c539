/** Every framework store the tests round-trip with: real framework code where Debian packages it, else a port. */
import { django } from './django/index.ts';
import { laravel } from './laravel/index.ts';
import { meteor } from './meteor/index.ts';
import { parse } from './parse/index.ts';
import type { FrameworkName, FrameworkStore } from './types.ts';
import { wordpress } from './wordpress/index.ts';

export type * from './types.ts';

export const FRAMEWORKS: readonly FrameworkStore[] = [wordpress, django, laravel, meteor, parse];

export function findFramework(name: FrameworkName): FrameworkStore {
  const store = FRAMEWORKS.find((candidate) => candidate.framework === name);
  if (!store) throw new Error(`no framework store named ${name}`);
  return store;
}
