// Jest results processor: stores each project's aggregated results (the same
// object `jest --json` prints) under tmp/jest-results, so CI can sum the counts
// of every project Nx ran. It returns the results untouched.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

module.exports = (results) => {
  const dir = join(__dirname, '../../tmp/jest-results');
  mkdirSync(dir, { recursive: true });
  // Nx names the project it runs; the workspace-level suite (tools/) runs outside Nx.
  const project = process.env.NX_TASK_TARGET_PROJECT ?? 'workspace';
  const { numPassedTests, numFailedTests, numPendingTests, numTotalTests, numFailedTestSuites, numRuntimeErrorTestSuites, success } = results;
  writeFileSync(
    join(dir, `${project}.json`),
    JSON.stringify({ project, numPassedTests, numFailedTests, numPendingTests, numTotalTests, numFailedTestSuites, numRuntimeErrorTestSuites, success }, null, 2),
  );
  return results;
};
