// Shared by the Node tests: paths, and a scratch project with the packed tarball installed from disk.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixtures = join(root, 'tests', 'fixtures');
export const bin = process.env.ECO_VALIDATOR_BIN ?? join(root, 'target', 'debug', 'eco-validator');
export const version = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
export const tarball = join(root, 'target', `eco-validator-${version}.tgz`);

/** A fresh project with the tarball installed (offline: the package has no dependencies). */
export function installPackage(prefix) {
  const project = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: project, stdio: 'pipe' });
  process.on('exit', () => rmSync(project, { recursive: true, force: true }));
  return project;
}

/** Debian's headless Chromium, without the background traffic that would slow or disturb a test. */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
