// Types of dockerfile.cjs (the Dockerfile subset reader and .dockerignore matcher).

/** One instruction of a Dockerfile, continuations joined. */
export interface DockerStep {
  /** 1-based line where the instruction starts. */
  readonly line: number;
  /** Upper-cased, e.g. `COPY`. */
  readonly instruction: string;
  /** `--name=value` options (`--name` alone is `"true"`). */
  readonly flags: Readonly<Record<string, string>>;
  /** The arguments as written (after the options; after `CMD` for HEALTHCHECK). */
  readonly args: string;
  /** Exec-form arguments, when they are a JSON array. */
  readonly json: readonly string[] | undefined;
}

/** Instructions the recipe runs or checks. */
export declare const INSTRUCTIONS: ReadonlySet<string>;
/** Splits a Dockerfile into steps; throws on anything outside the supported subset. */
export declare function parseDockerfile(text: string): DockerStep[];
/** `${NAME}` / `$NAME` substitution. */
export declare function substitute(text: string, values: Readonly<Record<string, string>>): string;
/** Shell-like words (quotes group). */
export declare function words(text: string): string[];
/** `ENV` arguments as `[name, value]` pairs. */
export declare function envPairs(args: string): Array<[string, string]>;
/** A Docker duration (`10s`, `1m30s`) in milliseconds. */
export declare function durationMs(text: string): number;
/** A predicate: is this context-relative POSIX path excluded by the .dockerignore text? */
export declare function dockerignore(text: string): (path: string) => boolean;
