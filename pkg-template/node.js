// Node, ES modules (and, bundled as CommonJS, node.cjs): the module is compiled and instantiated
// synchronously at load, and the data file beside it read; no init call. initSync is exported for
// symmetry with the browser entry: here the instance already exists, so it returns its exports.
import { readFileSync } from 'node:fs';
import { initSync } from './eco_validator.js';
import { markLoaded } from './api.js';

initSync({ module: readFileSync(new URL('./eco_validator_bg.wasm', import.meta.url)) });
markLoaded(readFileSync(new URL('./eco_validator_data.bin', import.meta.url)));

export { validate, rules, version, createValidator } from './api.js';
export { initSync };
export default function init() {
  return Promise.resolve();
}
