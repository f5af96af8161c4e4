// Types of eco-validator/verify: the package's validator with XML signature verification against
// a signed trust list, for customs pages and edge workers. The data types (Report, Verification,
// StageResult, TrustListUsed, …) are generated from the Rust types.
export type * from './eco_validator.js';
export { version } from './eco_validator.js';
import type {
  Input,
  Report,
  Verification,
  ValidatorConfig,
  CallOptions,
} from './eco_validator.js';

/** A validator built once by `createValidator`: only the input and the clock change per call. */
export interface BuiltValidator {
  /** Validates one certificate at the call's clock (`{ asOf }`, default today in UTC). */
  validate(input: Input, options?: CallOptions): Report;
  /**
   * Verifies a signed e-Form D (XML text, a `Uint8Array` or an `ArrayBuffer`) against the trust
   * list given to `createValidator` (`trustList`, `trustListKey`), stage by stage — parse,
   * profile, digest, signature, chain, trust, time, revocation — at the call's clock, then
   * validates what was signed: `report` is that of the canonical signed bytes, present only when
   * `verified`. No trust list (or no operator key): those stages are "not-checked", never
   * "forged". A verdict that relied on a demo list carries `notice: "DEMO — NOT AUTHORITATIVE"`.
   * Every decision is the module's; the runtime's WebCrypto (`crypto.subtle`: browsers in secure
   * contexts, Node, workerd) only says whether each signature it is asked about verifies, hence
   * the Promise. Rejects with code `webcrypto.unavailable` where there is no WebCrypto and a
   * signature must be checked.
   */
  verify(input: string | Uint8Array | ArrayBuffer, options?: CallOptions): Promise<Verification>;
  /** The agreements it has profiles for, in load order. */
  agreements(): string[];

  /** Releases its memory in the module now (it is also released when collected). */
  free(): void;
}

/**
 * Builds a validator from agreement profiles, a trust list, limits and policy, once; the trust
 * list's own signature is checked (by WebCrypto) before it resolves. Data that cannot be loaded
 * rejects with an Error whose `code` says why (`profile.json`, `trust-list.signature`,
 * `key.malformed`, …).
 */
export function createValidator(config?: ValidatorConfig): Promise<BuiltValidator>;

// validate, rules, init and initSync are those of the package root (the same module surface).
export { validate, rules, default, initSync, type DataInput } from '../index.js';
