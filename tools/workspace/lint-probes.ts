// Proving a lint rule bites: probe files that break it and control files that do not,
// written into a scratch copy of the workspace and linted there through Nx, as
// `npm test` runs lint (the module-boundaries rule needs Nx's project graph).
import { lintThroughNx } from './lint-report';
import { scratchWorkspace } from './scratch-workspace';

/** A file that breaks exactly one rule, `rule`, which lint must report on it. */
export interface LintProbe {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly rule: string;
}

/**
 * An allowed file, so a failing probe cannot come from a lint setup that rejects
 * everything. It carries a `debugger` statement: seeing `no-debugger`, and only it,
 * proves the file was linted and no other rule fired.
 */
export interface LintControl {
  readonly name: string;
  readonly file: string;
  readonly text: string;
}

/** A describe block that lints `projects` once with every probe and control in place, then checks each. */
export function describeLintProbes(title: string, projects: readonly string[], probes: readonly LintProbe[], controls: readonly LintControl[]): void {
  describe(title, () => {
    let found: Map<string, Set<string>>;
    let root: string;
    const scratch = scratchWorkspace();

    beforeAll(() => {
      root = scratch.root;
      for (const p of [...probes, ...controls]) scratch.write(p.file, p.text);
      found = lintThroughNx(root, projects);
    });
    afterAll(() => scratch.remove());

    it.each(probes)('rejects $name', ({ file, rule }) => {
      expect([...(found.get(`${root}/${file}`) ?? [])]).toContain(rule);
    });

    it.each(controls)('accepts $name', ({ file }) => {
      expect([...(found.get(`${root}/${file}`) ?? [])]).toEqual(['no-debugger']);
    });
  });
}
