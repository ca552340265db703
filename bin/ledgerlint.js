#!/usr/bin/env node
// exitCode is 2 (could not run) until main() returns one: a run whose event loop drains early must not pass as 0.
process.exitCode = 2;
import('../dist/cli.js').then(async ({ main }) => (process.exitCode = await main(process.argv.slice(2))));
