// The package's one piece of JavaScript logic, which Rust cannot own: if the WebAssembly instance
// traps (it should not: input never causes one, but memory can run out), the instance is replaced
// with a fresh one from the same compiled module and the caller gets an Error with a code, so a page
// or worker keeps working. Everything else forwards to the module unchanged.
import * as glue from './eco_validator.js';

function guarded(fn) {
  return function (...args) {
    try {
      return fn(...args);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) {
        glue.__wbg_reset_state();
        const err = new Error(
          `eco-validator: the WebAssembly module failed (${e.message}) and was restarted; the call can be retried`,
          { cause: e },
        );
        err.code = 'wasm.trap';
        throw err;
      }
      throw e;
    }
  };
}

/** Validates one certificate; see index.d.ts. */
export const validate = guarded(glue.validate);
/** The rule catalogue. */
export const rules = guarded(glue.rules);
/** The validator's version. */
export const version = guarded(glue.version);
