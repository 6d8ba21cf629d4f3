#!/usr/bin/env node
// The admins' command line. The code is TypeScript run through tsx, so no build step is needed
// after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
