// Browsers and bundlers: `await init()` once (it fetches eco_validator_bg.wasm next to this file, or
// takes a URL, Response, bytes or a compiled module), then call validate/rules/version synchronously.
// A failed load is not remembered: the next init() tries again (a page that was offline for a
// moment must not stay broken). A load that fails says what was fetched.
import initWasm, { initSync as initSyncWasm } from './eco_validator.js';
import { coded, markLoaded } from './api.js';

export { validate, rules, version, createValidator } from './api.js';

let ready;
export default function init(moduleOrPath) {
  ready ??= load(moduleOrPath).catch((e) => {
    ready = undefined;
    throw e;
  });
  return ready;
}

export function initSync(module) {
  const exports = initSyncWasm(module);
  markLoaded();
  return exports;
}

async function load(moduleOrPath) {
  let exports;
  try {
    exports = await initWasm(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
  } catch (e) {
    throw await explain(e, moduleOrPath);
  }
  markLoaded();
  return exports;
}

// Why loading failed, in terms of what was fetched: V8's "expected magic word" does not say that
// the server answered a 404 page or the app's index.html instead of the .wasm.
async function explain(e, moduleOrPath) {
  const where = moduleOrPath ?? new URL('eco_validator_bg.wasm', import.meta.url);
  if (!(typeof where === 'string' || where instanceof URL)) {
    return coded('wasm.load', `the WebAssembly module could not be loaded (${e.message})`, e);
  }
  let response;
  try {
    response = await fetch(where);
  } catch (again) {
    return coded('wasm.load', `${where} could not be fetched (${again.message}); init() can be called again`, e);
  }
  const type = response.headers.get('content-type') ?? 'no content type';
  if (!response.ok) {
    return coded('wasm.load', `${where} answered ${response.status} ${response.statusText} (${type}); init() can be called again`, e);
  }
  const head = new Uint8Array(await response.arrayBuffer()).subarray(0, 4);
  if (String.fromCharCode(...head) !== '\0asm') {
    return coded('wasm.load', `${where} answered ${type}, not a WebAssembly module: serve eco_validator_bg.wasm beside the package's index.js, or pass its URL to init()`, e);
  }
  return coded('wasm.load', `${where} could not be loaded (${e.message}); fetched again it is a WebAssembly module, so init() can be called again`, e);
}
