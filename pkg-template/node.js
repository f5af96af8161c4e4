// Node, ES modules: the module is compiled and instantiated synchronously at import; no init call.
import { readFileSync } from 'node:fs';
import { initSync } from './eco_validator.js';

initSync({ module: readFileSync(new URL('./eco_validator_bg.wasm', import.meta.url)) });

export { validate, rules, version } from './api.js';
export default function init() {
  return Promise.resolve();
}
