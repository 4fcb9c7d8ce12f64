// What the browser tests share: Debian's Chromium launched headless the way
// this machine allows, and axe-core (WCAG 2.1 A and AA) run in a page.

import path from 'node:path';

import { chromium } from 'playwright-core';

import { repoRoot } from '../http/lib.mjs';

const CHROMIUM = process.env.P2HAM_CHROMIUM || '/usr/bin/chromium';
const AXE = path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Chromium with a fresh profile, without its background network traffic. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Chromium keeping its profile in dir, as a phone's browser keeps its own:
 * closed and launched again on the same dir it still holds the service
 * workers, caches and IndexedDB of before. The context itself is returned.
 */
export function launchPersistent(dir, options = {}) {
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...options,
  });
}

/**
 * axe's violations on the page. The page's CSP forbids inline script: open
 * it in a context made with { bypassCSP: true }.
 */
export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations;
  }, AXE_TAGS);
}

/** One block per violation: rule, impact, help, and each offending node. */
export function describeViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.html}` +
      (n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''));
    return `  ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${nodes.join('\n')}`;
  }).join('\n\n');
}
