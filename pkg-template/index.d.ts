// Types of the eco-validator package. The data types (Report, Finding, Rule, Certificate, …) are
// generated from the Rust types, so they cannot drift from what the module returns.
export type * from './eco_validator.js';
export { validate, rules, version, initSync } from './eco_validator.js';
import type { InitInput } from './eco_validator.js';

/**
 * Browsers and bundlers: loads the WebAssembly module once (from the URL next to this file unless a
 * URL, Response, bytes or compiled module is given). In Node and edge workers it resolves at once.
 */
export default function init(moduleOrPath?: InitInput | Promise<InitInput>): Promise<unknown>;
