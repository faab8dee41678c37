// Starts the real release server on a free loopback port with a temporary database, and
// headless Debian Chromium through playwright-core; records console errors and CSP violations.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const SERVER_BIN = process.env.ROADSHOW_SERVER_BIN ?? join(ROOT, 'target', 'server', 'roadshow-server');
// A benchmark may compare against another build: its server binary and its built app.
const DIST = process.env.ROADSHOW_DIST ?? join(ROOT, 'dist');

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

export async function startServer({ demo = false, extraArgs = [] } = {}) {
  if (!existsSync(SERVER_BIN)) throw new Error(`server binary missing: ${SERVER_BIN} (run the test command)`);
  const dir = mkdtempSync(join(tmpdir(), 'roadshow-e2e-'));
  const args = ['--bind', '127.0.0.1:0', '--database', `sqlite://${join(dir, 'e2e.db')}`, '--dist', DIST];
  if (!demo) args.push('--no-demo');
  args.push(...extraArgs);
  // Warnings and errors only: the access log's line per request would pile up in `output`.
  const env = { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'roadshow_server=warn' };
  const child = spawn(SERVER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /Roadshow listening on (http:\/\/\S+)/.exec(output);
      if (match) { clearTimeout(timer); resolveUrl(match[1]); }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${output}`)); });
  });
  return {
    url,
    output: () => output,
    dir,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((done) => (child.exitCode !== null ? done() : child.once('exit', done)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A page that records console errors, uncaught exceptions and CSP violations. */
export async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return { page, problems };
}

/** Waits until the wasm app has mounted (the header's brand link is rendered by the app). */
export async function waitForApp(page) {
  await page.locator('header.app-header').waitFor({ state: 'visible', timeout: 15_000 });
}
