// The npm README's portal example, for real: a Vite project with the packed tarball installed, run by
// Vite's dev server (which pre-bundles dependencies) and by a production build served by `vite
// preview`, each loaded in headless Chromium. The README says nothing beyond `await init()` is needed
// with Vite: the .wasm must be found through `new URL(..., import.meta.url)` in both.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, createServer, preview } from 'vite';
import { fixtures, installPackage, launchChromium } from './scratch.mjs';

const project = installPackage('eco-vite-');
mkdirSync(join(project, 'src'));
copyFileSync(join(fixtures, 'valid-10.xml'), join(project, 'src', 'valid-10.xml'));
copyFileSync(join(fixtures, 'invalid', 'box8.syntax.xml'), join(project, 'src', 'box8.syntax.xml'));
writeFileSync(join(project, 'index.html'), '<!doctype html><meta charset="utf-8"><title>portal</title><script type="module" src="/src/main.js"></script>\n');
writeFileSync(join(project, 'src', 'main.js'), `import init, { validate } from 'eco-validator';
import valid from './valid-10.xml?raw';
import invalid from './box8.syntax.xml?raw';

try {
  await init();
  window.result = {
    valid: validate(valid, { asOf: '2026-11-25' }).valid,
    codes: validate(invalid, { asOf: '2026-11-25' }).findings.map((f) => f.code),
  };
} catch (e) {
  window.result = { error: String(e) };
}
`);

const config = { root: project, configFile: false, logLevel: 'silent', server: { host: '127.0.0.1', port: 0 }, preview: { host: '127.0.0.1', port: 0 } };
const browser = await launchChromium();
after(() => browser.close());

/** Loads the page and returns what main.js computed, with any page error or failed request. */
async function load(url) {
  const tab = await browser.newPage();
  const problems = [];
  tab.on('pageerror', (e) => problems.push(String(e)));
  tab.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  await tab.goto(url);
  await tab.waitForFunction(() => window.result !== undefined, null, { timeout: 20_000 });
  const result = await tab.evaluate(() => window.result);
  await tab.close();
  return { result, problems };
}

const expected = { result: { valid: true, codes: ['box8.syntax'] }, problems: [] };

test('the portal example works under the Vite dev server', async () => {
  const server = await createServer(config);
  await server.listen();
  try {
    assert.deepEqual(await load(server.resolvedUrls.local[0]), expected);
  } finally {
    await server.close();
  }
});

test('the portal example works as a Vite production build', async () => {
  await build({ ...config, build: { outDir: join(project, 'dist'), emptyOutDir: true } });
  const server = await preview({ ...config, build: { outDir: join(project, 'dist') } });
  try {
    assert.deepEqual(await load(server.resolvedUrls.local[0]), expected);
  } finally {
    await new Promise((r) => server.httpServer.close(r));
  }
});
