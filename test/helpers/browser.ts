/**
 * Headless Chromium for the HTML report's tests and screenshot: Debian's chromium driven by playwright-core
 * (no browser download). The flags are the ones that work on a machine with a closed network: without the
 * background-networking ones Chromium keeps trying to reach Google's hosts.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Launches Chromium; throws (never skips) when it is not installed. Playwright gives every launch a fresh,
 * empty profile directory of its own (it refuses a --user-data-dir argument).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does this in CI`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
