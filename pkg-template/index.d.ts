// Types of the eco-validator package. The data types (Report, Finding, Rule, Certificate, …) are
// generated from the Rust types, so they cannot drift from what the module returns.
export type * from './eco_validator.js';
export { validate, rules, version, initSync } from './eco_validator.js';
import type { InitInput, Input, Report, ValidatorConfig, CallOptions } from './eco_validator.js';

/** A validator built once by `createValidator`: only the input and the clock change per call. */
export interface BuiltValidator {
  /** Validates one certificate at the call's clock (`{ asOf }`, default today in UTC). */
  validate(input: Input, options?: CallOptions): Report;
  /** The agreements it has profiles for, in load order. */
  agreements(): string[];

  /** Releases its memory in the module now (it is also released when collected). */
  free(): void;
}

/**
 * Builds a validator from agreement profiles, limits and policy, once. A profile that cannot be
 * loaded throws an Error whose `code` says why (`profile.json`, `profile.value`, …).
 */
export function createValidator(config?: ValidatorConfig): BuiltValidator;

/**
 * Browsers and bundlers: loads the WebAssembly module once (from the URL next to this file unless a
 * URL, Response, bytes or compiled module is given). In Node and edge workers it resolves at once.
 */
export default function init(moduleOrPath?: InitInput | Promise<InitInput>): Promise<unknown>;
