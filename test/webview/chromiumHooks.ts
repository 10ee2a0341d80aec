// Registers the hooks of a browser test file: Chromium launched before its tests (once the panel
// bundle is built) and closed after them.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './harness';

const BUNDLE = path.resolve(__dirname, '../../dist/webview.js');

/** The browser the file's tests share, valid once its `before` hook has run. */
export function sharedChromium(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run "npm run build" first.`);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    assert.ok(browser, 'Chromium is launched');
    return browser;
  };
}
