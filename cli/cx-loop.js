#!/usr/bin/env node
// The CLI is TypeScript like the rest of the project; tsx compiles it on the fly, so `npx cx-loop`
// works right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
