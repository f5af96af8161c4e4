// Browsers and bundlers: `await init()` once (it fetches eco_validator_bg.wasm and the data file
// eco_validator_data.bin next to this file, side by side, or takes what it is given for each), then
// call validate/rules/version synchronously. A failed load is not remembered: the next init() tries
// again (a page that was offline for a moment must not stay broken). A load that fails says what
// was fetched.
import initWasm, { initSync as initSyncWasm } from './eco_validator.js';
import { coded, markLoaded } from './api.js';

export { validate, rules, version, createValidator } from './api.js';

const DATA_FILE = 'eco_validator_data.bin';

let ready;
export default function init(moduleOrPath, data) {
  ready ??= load(moduleOrPath, data).catch((e) => {
    ready = undefined;
    throw e;
  });
  return ready;
}

/** With a compiled module (or its bytes) and the data file's bytes at hand, no fetch at all. */
export function initSync(module, data) {
  if (!(data instanceof Uint8Array || data instanceof ArrayBuffer)) {
    throw coded('data.missing', `initSync(module, data) needs the bytes of ${DATA_FILE} (a Uint8Array or ArrayBuffer) beside the module`);
  }
  const exports = initSyncWasm(module);
  markLoaded(new Uint8Array(data));
  return exports;
}

async function load(moduleOrPath, data) {
  // The data file is fetched while the module compiles.
  const bytes = dataBytes(data);
  bytes.catch(() => {});
  let exports;
  try {
    exports = await initWasm(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
  } catch (e) {
    throw await explain(e, moduleOrPath);
  }
  const got = await bytes;
  try {
    markLoaded(got.bytes);
  } catch (e) {
    throw coded(e.code ?? 'data.format', `${got.where} could not be read (${e.message}): serve the ${DATA_FILE} of the same release beside the package's index.js, or pass it to init(module, data)`, e);
  }
  return exports;
}

/** The data file's bytes, from what init() was given: bytes, a Response, a URL, or nothing. */
async function dataBytes(given) {
  const data = await given;
  if (data instanceof Uint8Array) return { bytes: data, where: DATA_FILE };
  if (data instanceof ArrayBuffer) return { bytes: new Uint8Array(data), where: DATA_FILE };
  let response = data;
  // The URL is written out whole, as bundlers (Vite) find and copy the assets a module names so.
  const where = data instanceof Response ? data.url || DATA_FILE : String(data ?? new URL('eco_validator_data.bin', import.meta.url));
  if (!(data instanceof Response)) {
    try {
      response = await fetch(where);
    } catch (e) {
      throw coded('data.load', `${where} could not be fetched (${e.message}); init() can be called again`, e);
    }
  }
  if (!response.ok) {
    const type = response.headers.get('content-type') ?? 'no content type';
    throw coded('data.load', `${where} answered ${response.status} ${response.statusText} (${type}); init() can be called again`);
  }
  return { bytes: new Uint8Array(await response.arrayBuffer()), where };
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
