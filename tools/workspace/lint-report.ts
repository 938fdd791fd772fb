// Lint run through Nx (the module-boundaries rule skips itself without the project
// graph) in a workspace such as a scratch copy, read back as rule ids per file.
import { spawnSync } from 'node:child_process';

/** Rule ids reported per file, from eslint's JSON reports (one line per project) in Nx's output. */
export function rulesByFile(output: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const line of output.split('\n').filter((l) => l.startsWith('[{'))) {
    for (const report of JSON.parse(line) as { filePath: string; messages: { ruleId: string | null }[] }[]) {
      for (const { ruleId } of report.messages) {
        found.set(report.filePath, (found.get(report.filePath) ?? new Set()).add(ruleId ?? 'parse-error'));
      }
    }
  }
  return found;
}

/** Lints `projects` in the workspace at `root` through Nx, uncached; rule ids per absolute file path. */
export function lintThroughNx(root: string, projects: readonly string[]): Map<string, Set<string>> {
  const lint = spawnSync('npx', ['nx', 'run-many', '-t', 'lint', '-p', projects.join(','), '--skip-nx-cache', '--output-style=static', '--', '--format=json'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return rulesByFile(lint.stdout + lint.stderr);
}
