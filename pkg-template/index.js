// Browsers and bundlers: `await init()` once (it fetches eco_validator_bg.wasm next to this file, or
// takes a URL, Response, bytes or a compiled module), then call validate/rules/version synchronously.
import initWasm, { initSync } from './eco_validator.js';

export { validate, rules, version } from './api.js';
export { initSync };

let ready;
export default function init(moduleOrPath) {
  ready ??= initWasm(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
  return ready;
}
