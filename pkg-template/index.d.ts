// Types of the eco-validator package. The data types (Report, Finding, Rule, Certificate, …) are
// generated from the Rust types, so they cannot drift from what the module returns.
export type * from './eco_validator.js';
export { version } from './eco_validator.js';
import type {
  Catalogue,
  InitInput,
  SyncInitInput,
  Input,
  Report,
  ValidateOptions,
  ValidatorConfig,
  CallOptions,
} from './eco_validator.js';

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
 * Validates one certificate against the package's data (the bundled profiles and code lists) with
 * one call's options, and returns its report; a validator built by `createValidator` takes its
 * options once instead.
 */
export function validate(input: Input, options?: ValidateOptions): Report;

/** The rule catalogue: every rule's code, severity, stage, box, legal basis, description, message. */
export function rules(): Catalogue;

/**
 * What the data file (`eco_validator_data.bin`, beside the `.wasm`: code lists, profiles, PSR
 * tables) can be given as to `init`: its URL, the `Response` of fetching it, or its bytes.
 */
export type DataInput = string | URL | Response | Uint8Array | ArrayBuffer;

/**
 * Browsers and bundlers: loads the WebAssembly module and the data file once, side by side (from
 * the URLs next to this file unless a URL, Response, bytes or compiled module is given for each).
 * In Node and edge workers both are loaded with the entry, and it resolves at once. A data file of
 * another release, or a page served in its place, rejects with `code` `data.version` or
 * `data.format`; one that cannot be fetched with `data.load`.
 */
export default function init(
  moduleOrPath?: InitInput | Promise<InitInput>,
  data?: DataInput | Promise<DataInput>,
): Promise<unknown>;

/**
 * Loads the module synchronously from a compiled module or its bytes, with the data file's bytes
 * (browsers; in Node and edge workers the instance exists already and this returns its exports).
 */
export function initSync(
  module: { module: SyncInitInput } | SyncInitInput,
  data: Uint8Array | ArrayBuffer,
): unknown;
