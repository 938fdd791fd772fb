// The typed face of tools/jest/browser.cjs, the one browser launcher and page bundler
// of the workspace's browser tests (libs and apps reach the .cjs by path, as they
// reach tools/build's scripts, since a project may not import tools' TypeScript).
import type { Browser } from 'playwright-core';

/** A served test page: its URL, and how to stop serving it. */
export interface ScriptPage {
  readonly url: string;
  close(): Promise<void>;
}

/** What tools/jest/browser.cjs exports. */
export interface BrowserTesting {
  /** Debian's headless Chromium, kept off the network. */
  launchChromium(): Promise<Browser>;
  /** One page script from a TypeScript entry, `@atlas/*` from the workspace sources; fails on any Node built-in. */
  bundleForBrowser(entry: string): Promise<string>;
  /** A page on 127.0.0.1 (a secure context, for WebCrypto) that loads `script`. */
  serveScriptPage(script: string): Promise<ScriptPage>;
}

export const { launchChromium, bundleForBrowser, serveScriptPage } = require('../jest/browser.cjs') as BrowserTesting;
