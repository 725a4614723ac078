#!/usr/bin/env node
// Entry point for `npx pushbench`: registers the TypeScript loader, then runs the CLI.
import { register } from 'tsx/esm/api';
register();
await import('../cli/main.ts');
