import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The device agent is installed alone on a kiosk PC (agent/package.json): everything it loads must
 * live in agent/, drivers/ or contract/, and every package it imports must be one it declares.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');

function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every project file reachable from the entry, and every package specifier seen on the way. */
function closure(entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [...entries];
  while (todo.length) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) todo.push(path.resolve(path.dirname(file), spec));
      else packages.add(spec);
    }
  }
  return { files, packages };
}

describe('the device agent stands alone', () => {
  const agentFiles = filesUnder(path.join(root, 'agent'));
  const { files, packages } = closure(agentFiles);
  const manifest = JSON.parse(readFileSync(path.join(root, 'agent', 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };

  it('loads only agent/, drivers/ and contract/ files', () => {
    expect(agentFiles.map(rel)).toContain('agent/main.ts');
    const outside = [...files].map(rel).filter((f) => !/^(agent|drivers|contract)\//.test(f));
    expect(outside).toEqual([]);
  });

  it('imports only Node built-ins and the packages agent/package.json declares', () => {
    const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.optionalDependencies ?? {})]);
    const builtins = new Set(builtinModules);
    const undeclared = [...packages]
      .filter((s) => !s.startsWith('node:') && !builtins.has(s))
      .map(packageName)
      .filter((name) => !declared.has(name));
    expect([...new Set(undeclared)]).toEqual([]);
  });

  it('declares the root package.json versions, and no server package', () => {
    const rootManifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    // The socket client is build-time only for the hall server (bundled into the UIs), a runtime one here.
    const all = { ...rootManifest.devDependencies, ...rootManifest.dependencies, ...rootManifest.optionalDependencies };
    for (const [name, version] of Object.entries({ ...manifest.dependencies, ...manifest.optionalDependencies })) expect(`${name}@${version}`).toBe(`${name}@${all[name]}`);
    for (const name of ['express', 'better-sqlite3', 'pino-http', 'socket.io', 'vite', 'tsx', 'preact']) expect(manifest.dependencies).not.toHaveProperty(name);
  });
});

describe('server/devices/ imports', () => {
  const dir = path.join(root, 'server', 'devices');
  const local = (file: string) => importsOf(path.join(dir, file)).filter((s) => s.startsWith('.')).map((s) => rel(path.resolve(dir, s)));

  it('nothing from server/http/', () => {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) expect(local(file).filter((f) => f.startsWith('server/http/')), file).toEqual([]);
  });

  it('the agent hub does not import the manager (the manager owns the hub)', () => {
    expect(local('manager.ts')).toContain('server/devices/agent-hub.ts');
    expect(local('agent-hub.ts')).not.toContain('server/devices/manager.ts');
  });
});
