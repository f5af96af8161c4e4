// The package's JavaScript logic, which Rust cannot own because it runs where the WebAssembly
// module is absent or broken: refusing calls before the module is loaded (with a coded error that
// says what to do, not a bare TypeError from inside the glue), holding the data file the module
// checks against (code lists, profiles, PSR tables: read once by the entry, handed to every call),
// and replacing a trapped instance (it should not trap: input never causes one, but memory can run
// out) with a fresh one from the same compiled module, so a page or worker keeps working.
// Everything else forwards to the module.
import * as glue from './eco_validator.js';

let loaded = false;
// Bumped when a trapped instance is replaced: validators made by the old one are gone with it.
let generation = 0;
// The data file's bytes, and the module's reading of them in the current instance.
let dataBytes;
let data;
let dataGeneration = -1;

/**
 * Called by each entry once its instance exists, with the bytes of eco_validator_data.bin. The
 * module reads them now, so a wrong file (another release's, an HTML error page) fails the load
 * with its code rather than the first validation.
 */
export function markLoaded(bytes) {
  data = glue.loadData(bytes);
  dataBytes = bytes;
  dataGeneration = generation;
  loaded = true;
}

/** The module's data in the current instance, read again after a restart. */
function currentData() {
  if (dataGeneration !== generation) {
    data = glue.loadData(dataBytes);
    dataGeneration = generation;
  }
  return data;
}

/** An Error with a stable `code`, as the module's own errors have. */
export function coded(code, message, cause) {
  const err = new Error(`eco-validator: ${message}`, cause === undefined ? undefined : { cause });
  err.code = code;
  return err;
}

function guarded(fn) {
  return function (...args) {
    if (!loaded) {
      throw coded('wasm.uninitialised', 'the WebAssembly module is not loaded yet: `await init()` once before calling validate, rules or version');
    }
    try {
      return fn(...args);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) {
        glue.__wbg_reset_state();
        generation += 1;
        throw coded('wasm.trap', `the WebAssembly module failed (${e.message}) and was restarted; the call can be retried`, e);
      }
      throw e;
    }
  };
}

/** Validates one certificate; see index.d.ts. */
export const validate = guarded((input, options) => glue.validate(currentData(), input, options));
/** The rule catalogue. */
export const rules = guarded(() => glue.rules(currentData()));
/** The validator's version. */
export const version = guarded(glue.version);

const create = guarded((config, answers) => glue.createValidator(currentData(), config, answers));

/**
 * Builds a validator once from profiles, limits and policy; see index.d.ts. The module's own
 * validator lives in the instance: after a trap restarted it, the next call builds it again from
 * the same config, so a validator kept by a page survives the restart like the free functions.
 *
 * The verify build does its signature arithmetic with the runtime's WebCrypto, which answers only
 * asynchronously: there `createValidator` returns a Promise (the trust list's own signature is
 * checked before the validator exists) and `verify` does too.
 */
export function createValidator(config) {
  if (typeof glue.trustListQuestions === 'function') return createChecked(config);
  return built(config, undefined);
}

async function createChecked(config) {
  const checks = guarded(() => glue.trustListQuestions(currentData(), config))();
  const subtle = checks.length > 0 ? webCrypto() : undefined;
  const answers = await Promise.all(checks.map((check) => webCryptoCheck(subtle, check)));
  // Each answer with the id of its question, 33 bytes a record, as the module reads them.
  const records = new Uint8Array(33 * checks.length);
  checks.forEach((check, i) => {
    records.set(check.id, 33 * i);
    records[33 * i + 32] = answers[i] ? 1 : 0;
  });
  return built(config, records);
}

function built(config, answers) {
  let handle = create(config, answers);
  let made = generation;
  let freed = false;
  const current = () => {
    if (freed) {
      throw coded('validator.freed', 'this validator was freed: create another with createValidator(config)');
    }
    if (made !== generation) {
      handle = glue.createValidator(currentData(), config, answers);
      made = generation;
    }
    return handle;
  };
  // The origin build's validator also assesses worksheets; the lean build's has no such methods,
  // and the object then has none either (origin/index.d.ts declares them).
  const origin = typeof handle.assessOrigin === 'function'
    ? {
        assessOrigin: guarded((worksheet, options) => current().assessOrigin(worksheet, options)),
        compareOrigin: guarded((worksheet, options) => current().compareOrigin(worksheet, options)),
      }
    : {};
  // The verify build's validator checks signatures; the others have no such method.
  const signatures = typeof handle.verifyBegin === 'function'
    ? { verify: (input, options) => verifyAsync(current, input, options) }
    : {};
  return Object.freeze({
    validate: guarded((input, options) => current().validate(input, options)),
    agreements: guarded(() => current().agreements()),
    ...origin,
    ...signatures,
    /** Releases the module's memory for this validator now rather than when it is collected. */
    free() {
      if (!freed && made === generation) handle.free();
      freed = true;
    },
  });
}

/** The runtime's WebCrypto, or the coded error that says there is none. */
function webCrypto() {
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (!subtle) {
    throw coded('webcrypto.unavailable', 'this runtime has no WebCrypto (crypto.subtle; browsers offer it only in secure contexts), which the verify build does its signature arithmetic with');
  }
  return subtle;
}

/**
 * Verifies, the signature arithmetic done by the runtime's WebCrypto: the module runs every
 * stage and says which checks it needs (key, algorithm, bytes); this only has WebCrypto make them
 * and hands the answers back, until the module has its verdict. A check WebCrypto refuses (a key
 * it will not import) is answered "does not verify". A document refused before any signature
 * check (malformed, unsigned, outside the profile) gets its verdict without WebCrypto.
 */
async function verifyAsync(current, input, options) {
  let subtle; // asked for only when a check is needed: a refused document needs none
  const begin = guarded(() => {
    const validator = current();
    return { validator, pending: validator.verifyBegin(input, options), made: generation };
  });
  const { validator, pending, made } = begin();
  try {
    while (!pending.done()) {
      const checks = pending.questions();
      subtle ??= webCrypto();
      const answers = await Promise.all(checks.map((check) => webCryptoCheck(subtle, check)));
      if (made !== generation) {
        throw coded('wasm.trap', 'the WebAssembly module was restarted while the verification waited for WebCrypto; the call can be retried');
      }
      guarded(() => validator.verifyAnswer(pending, Uint8Array.from(answers, (a) => (a ? 1 : 0))))();
    }
    return guarded(() => pending.verdict())();
  } finally {
    if (made === generation) pending.free();
  }
}

// Keys WebCrypto imported, by the module's keyId (the key and how it is imported): importing costs
// more than a verification, and a validator sees the same issuing authorities' keys again and
// again. Bounded; the oldest goes first.
const importedKeys = new Map();
const IMPORTED_KEYS = 64;

function importedKey(subtle, check) {
  let key = importedKeys.get(check.keyId);
  if (!key) {
    key = subtle.importKey('spki', check.spki, check.importParams, false, ['verify']);
    if (importedKeys.size >= IMPORTED_KEYS) importedKeys.delete(importedKeys.keys().next().value);
    importedKeys.set(check.keyId, key);
    key.catch(() => importedKeys.delete(check.keyId));
  }
  return key;
}

async function webCryptoCheck(subtle, check) {
  try {
    return await subtle.verify(check.verifyParams, await importedKey(subtle, check), check.signature, check.data);
  } catch {
    return false;
  }
}
