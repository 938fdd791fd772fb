// The typed face of tools/jest/browser.cjs, the one browser launcher and page bundler of
// the workspace's browser tests. Global types, not a module: a lib's or app's spec reaches
// the .cjs by path at run time (an import would make its project depend on tools, whose
// specs depend on every project: a cycle in the build graph) and names these types, which
// its tsconfig.spec.json includes.
declare namespace AtlasBrowserTesting {
  /** A served test page: its URL, and how to stop serving it. */
  interface ScriptPage {
    readonly url: string;
    close(): Promise<void>;
  }

  /** A bundled entry open in its own Chromium: the browser, its one page, and how to close both. */
  interface OpenPage {
    readonly browser: import('playwright-core').Browser;
    readonly page: import('playwright-core').Page;
    close(): Promise<void>;
  }

  /** What tools/jest/browser.cjs exports. */
  interface Api {
    /** Debian's headless Chromium, kept off the network. */
    launchChromium(): Promise<import('playwright-core').Browser>;
    /** One page script from a TypeScript entry, `@atlas/*` from the workspace sources; fails on any Node built-in. */
    bundleForBrowser(entry: string): Promise<string>;
    /** A page on 127.0.0.1 (a secure context, for WebCrypto) that loads `script`. */
    serveScriptPage(script: string): Promise<ScriptPage>;
    /** Bundles `entry`, serves it, and opens it in a fresh Chromium. */
    openScriptPage(entry: string): Promise<OpenPage>;
  }
}
