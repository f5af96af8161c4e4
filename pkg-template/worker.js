// Edge workers (workerd, Cloudflare Workers): the .wasm is imported as a compiled module, as these
// runtimes require, and instantiated synchronously; no init call. initSync, as in node.js, returns the
// existing instance's exports.
import wasmModule from './eco_validator_bg.wasm';
import { initSync } from './eco_validator.js';
import { markLoaded } from './api.js';

initSync({ module: wasmModule });
markLoaded();

export { validate, rules, version, createValidator } from './api.js';
export { initSync };
export default function init() {
  return Promise.resolve();
}
