// tools/jest/browser.cjs, the one browser launcher and page bundler of the workspace's
// browser tests, for tools' own specs; its types are tools/jest/browser-testing.d.ts, which
// the libs' and apps' browser specs name too (they reach the .cjs by path, as they reach
// tools/build's scripts, since a project may not import tools' TypeScript).

/** A served test page: its URL, and how to stop serving it. */
export type ScriptPage = AtlasBrowserTesting.ScriptPage;

export const { launchChromium, bundleForBrowser, serveScriptPage, openScriptPage } = require('../jest/browser.cjs') as AtlasBrowserTesting.Api;
