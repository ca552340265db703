import { createLedger } from './fixtures/generator/index.js';
let t = Date.now(); let n = 0;
for (const h of createLedger({ seed: 1, persons: 300000 }).households()) n += h.members.length;
console.log('model', n, (Date.now() - t) / 1000);
