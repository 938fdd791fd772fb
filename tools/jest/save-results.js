// Jest results processor: stores each project's aggregated results (the same
// object `jest --json` prints) under tmp/jest-results, so CI can sum the counts
// of every project Nx ran. It returns the results untouched.
const { mkdirSync, writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');

module.exports = (results) => {
  const dir = join(__dirname, '../../tmp/jest-results');
  mkdirSync(dir, { recursive: true });
  const project = basename(process.cwd());
  const { numPassedTests, numFailedTests, numPendingTests, numTotalTests, numFailedTestSuites, numRuntimeErrorTestSuites, success } = results;
  writeFileSync(
    join(dir, `${project}.json`),
    JSON.stringify({ project, numPassedTests, numFailedTests, numPendingTests, numTotalTests, numFailedTestSuites, numRuntimeErrorTestSuites, success }, null, 2),
  );
  return results;
};
