// Types of eco-validator/origin: the package's validator with the origin assessment for exporters.
// The data types (Report, Assessment, Step, BreakPoint, …) are generated from the Rust types.
export type * from './eco_validator.js';
export { version } from './eco_validator.js';
import type {
  Input,
  Report,
  Assessment,
  ComparedOrigin,
  ValidatorConfig,
  CallOptions,
} from './eco_validator.js';

/** A validator built once by `createValidator`: only the input and the clock change per call. */
export interface BuiltValidator {
  /** Validates one certificate at the call's clock (`{ asOf }`, default today in UTC). */
  validate(input: Input, options?: CallOptions): Report;
  /**
   * Assesses an exporter's worksheet (JSON text or an object in the shape of
   * `schema/eco-worksheet-1.schema.json`, or bill-of-materials CSV text) under its agreement: the
   * verdict, every alternative of the rule, the RVC by both formulas, Box 8, the ticks, the
   * break-points and the trail with its articles. The clock (`{ asOf }`) is recorded in
   * `versions.asOf`. A worksheet that cannot be read throws an Error with `code` and `path`.
   */
  assessOrigin(worksheet: string | object, options?: CallOptions): Assessment;
  /** The same worksheet under every agreement the validator has a profile for, side by side. */
  compareOrigin(worksheet: string | object, options?: CallOptions): ComparedOrigin[];
  /** The agreements it has profiles for, in load order. */
  agreements(): string[];

  /** Releases its memory in the module now (it is also released when collected). */
  free(): void;
}

/**
 * Builds a validator from agreement profiles, PSR tables, a status list, limits and policy, once.
 * Data that cannot be loaded throws an Error whose `code` says why (`profile.json`, `psr.value`, …).
 */
export function createValidator(config?: ValidatorConfig): BuiltValidator;

// validate, rules, init and initSync are those of the package root (the same module surface).
export { validate, rules, default, initSync, type DataInput } from '../index.js';
