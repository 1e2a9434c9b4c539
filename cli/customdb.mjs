#!/usr/bin/env node
// The kit's CLI is TypeScript; tsx compiles it on the fly so there is no separate compile step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
