// Edge workers (workerd, Cloudflare Workers): the .wasm is imported as a compiled module, as these
// runtimes require, and the data file as a data module (an ArrayBuffer; Wrangler's default rules
// import `.bin` files so), both used synchronously; no init call. initSync, as in node.js, returns
// the existing instance's exports.
import wasmModule from './eco_validator_bg.wasm';
import dataFile from './eco_validator_data.bin';
import { initSync } from './eco_validator.js';
import { markLoaded } from './api.js';

initSync({ module: wasmModule });
markLoaded(new Uint8Array(dataFile));

export { validate, rules, version, createValidator } from './api.js';
export { initSync };
export default function init() {
  return Promise.resolve();
}
