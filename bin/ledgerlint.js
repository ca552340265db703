#!/usr/bin/env node
import('../dist/cli.js').then(async ({ main }) => (process.exitCode = await main(process.argv.slice(2))));
