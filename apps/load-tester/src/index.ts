/**
 * The load tester as a library, for benchmark harnesses: `runLoad(input)` runs a load
 * test and resolves with its Report; the renderers and `--assert` checks are here too.
 */
export { runLoad, runResolved, setDefaultWorkerScript, LoadOptionsError } from './run/run-load';
export type { RunHooks } from './run/run-load';
export { resolveLoadOptions, Modes, DEFAULTS, MIN_PAYLOAD } from './options/load-options';
export type { LoadInput, LoadOptions, Mode } from './options/load-options';
export { Behaviours, CLOSED_LOOP } from './scenario/scenario';
export type { Behaviour, Scenario, Phase, World, BehaviourParams, ActionRate } from './scenario/scenario';
export { parseScenarioText, readScenarioFile } from './scenario/scenario-file';
export type { ScenarioSpec } from './scenario/scenario-spec';
export { parseAssertions, evaluateAssertions, applyAssertions } from './report/assertions';
export type { Assertion } from './report/assertions';
export { renderHtml } from './report/html';
export { renderTable } from './report/table';
export { REPORT_SCHEMA, GAP_DEFINITION } from './report/report';
export type { Report, TimelinePoint, AssertionResult } from './report/report';
export type { Summary } from './metrics/histograms';
export { runCli, ExitCode } from './cli/run-cli';
