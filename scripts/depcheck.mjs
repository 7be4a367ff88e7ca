#!/usr/bin/env node
/**
 * npm run depcheck: the layering rules of .dependency-cruiser.cjs (DESIGN.md §3) over every
 * source folder. Uses dependency-cruiser's API rather than its command line, whose start-up check
 * refuses Node 20 although the cruise itself runs on it.
 *   node scripts/depcheck.mjs [--json] [folder …]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, format } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

/** Every folder with shipped code; tests/ and bench/ may import anything. */
const SOURCE_FOLDERS = ['server', 'drivers', 'contract', 'agent', 'central', 'ui-kit', 'kiosk-ui', 'window-ui', 'display-ui', 'admin-ui', 'central-ui', 'book-ui'];

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const named = argv.filter((a) => !a.startsWith('--'));
const folders = named.length ? named : SOURCE_FOLDERS.filter((f) => existsSync(f));

const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
options.validate = true;
const tsConfig = options.ruleSet?.options?.tsConfig?.fileName;
const parsedTsConfig = tsConfig ? extractTSConfig(tsConfig) : undefined;

const { output } = await cruise(folders, options, {}, parsedTsConfig ? { tsConfig: parsedTsConfig } : {});
const { output: report, exitCode } = await format(output, { outputType: json ? 'json' : 'err' });
process.stdout.write(report);
if (!json) process.stdout.write(`\ncruised: ${folders.join(', ')} (${output.summary.totalCruised} modules, ${output.summary.totalDependenciesCruised} dependencies)\n`);
process.exit(exitCode > 0 ? 1 : 0);
