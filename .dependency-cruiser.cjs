/**
 * The layering of DESIGN.md §3, checked by `npm run depcheck` (scripts/depcheck.mjs) and in CI.
 * Paths are relative to the repository root; npm packages resolve to node_modules/…, Node's own
 * modules have the dependency type "core".
 */

/** The browser apps; ui-kit is what they share. */
const UI_APPS = '(kiosk-ui|window-ui|display-ui|admin-ui|book-ui)';
const UI_FOLDERS = '(kiosk-ui|window-ui|display-ui|admin-ui|book-ui|ui-kit)';
/** A UI folder, including any new `*-ui` app. */
const ANY_UI = '([a-z0-9-]+-ui|ui-kit)';
/** npm packages that belong to the server process only (a kiosk PC and a browser install none of them). */
const SERVER_PACKAGES = 'node_modules/(@types/)?(express|better-sqlite3|socket\\.io|pino-http|prom-client|cookie|csv-parse|vite|tsx)/';
/** A file of the project (not an npm package, not a Node built-in). */
const PROJECT_ONLY = { pathNot: 'node_modules/', dependencyTypesNot: ['core'] };

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'not-resolvable',
      severity: 'error',
      comment: 'An import that resolves to no file: a typo, a moved file, or a package missing from package.json.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'drivers-only-drivers',
      severity: 'error',
      comment: 'drivers/ is a hardware library: it imports only drivers/ and npm packages, never server/, contract/, agent/ or a UI.',
      from: { path: '^drivers/' },
      to: { ...PROJECT_ONLY, pathNot: '^drivers/|node_modules/' },
    },
    {
      name: 'engine-no-edges',
      severity: 'error',
      comment: 'The queue engine (server/queue/) never imports the transports (http, realtime), the device manager, Express or Socket.IO.',
      from: { path: '^server/queue/' },
      to: { path: ['^server/(http|realtime|devices)/', 'node_modules/(@types/)?(express|socket\\.io|socket\\.io-client|engine\\.io)/'] },
    },
    {
      name: 'store-no-engine',
      severity: 'error',
      comment: 'server/store/ (schema, migrations, queries) never imports the engine (server/queue/) nor server/auth/.',
      from: { path: '^server/store/' },
      to: { path: '^server/(queue|auth)/' },
    },
    {
      name: 'ui-only-contract-and-kit',
      severity: 'error',
      comment: 'A UI imports only contract/, ui-kit/ and its own folder (plus npm UI packages).',
      from: { path: `^${ANY_UI}/` },
      to: { ...PROJECT_ONLY, pathNot: ['^$1/', '^contract/', '^ui-kit/', 'node_modules/'] },
    },
    {
      name: 'ui-no-node',
      severity: 'error',
      comment: 'UI code runs in a browser: no server-only packages.',
      from: { path: `^${ANY_UI}/` },
      to: { path: SERVER_PACKAGES },
    },
    {
      name: 'ui-no-node-builtins',
      severity: 'error',
      comment: 'UI code runs in a browser: no Node built-ins.',
      from: { path: `^${ANY_UI}/` },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'agent-only-drivers-and-contract',
      severity: 'error',
      comment: 'The device agent imports only agent/, drivers/ and contract/ (never server/), so a kiosk PC installs no server.',
      from: { path: '^agent/' },
      to: { ...PROJECT_ONLY, pathNot: '^(agent|drivers|contract)/|node_modules/' },
    },
    {
      name: 'agent-no-server-packages',
      severity: 'error',
      comment: 'The agent and the drivers it runs install no Express, SQLite, Socket.IO server, Vite or tsx.',
      from: { path: '^(agent|drivers)/' },
      to: { path: SERVER_PACKAGES },
    },
    {
      name: 'contract-only-contract',
      severity: 'error',
      comment: 'contract/ is shared by server, agent and browsers: it imports nothing of the project but contract/, and no Node built-in.',
      from: { path: '^contract/' },
      to: { pathNot: '^contract/|node_modules/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'contract-no-node-builtins',
      severity: 'error',
      comment: 'contract/ also runs in browsers: no Node built-ins.',
      from: { path: '^contract/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'common-only-contract',
      severity: 'error',
      comment: 'server/common/ (clock, hall time, logger, errors) imports only contract/ and itself.',
      from: { path: '^server/common/' },
      to: { ...PROJECT_ONLY, pathNot: '^(server/common|contract)/|node_modules/' },
    },
    {
      name: 'http-is-an-edge',
      severity: 'error',
      comment: 'server/http/ is an edge: in server/ only the composition root (app.ts, main.ts) imports it.',
      from: { path: '^server/', pathNot: '^server/(app\\.ts|main\\.ts|http/)' },
      to: { path: '^server/http/' },
    },
    {
      name: 'realtime-is-an-edge',
      severity: 'error',
      comment: 'server/realtime/ is an edge: in server/ only the composition root (app.ts, main.ts) imports it.',
      from: { path: '^server/', pathNot: '^server/(app\\.ts|main\\.ts|realtime/)' },
      to: { path: '^server/realtime/' },
    },
    {
      name: 'server-no-cycles',
      severity: 'error',
      comment: 'No circular imports under server/ (type-only imports included).',
      from: { path: '^server/' },
      to: { circular: true },
    },
    {
      name: 'central-no-hall-code',
      severity: 'error',
      comment: 'central/ is its own server: it imports contract/ and npm packages, never the hall server, the agent, the drivers or a UI (the hall simulator in central/sim/ runs real hall engines and is the one exception).',
      from: { path: '^central/', pathNot: '^central/sim/' },
      to: { path: `^(server|agent|drivers|${ANY_UI})/` },
    },
    {
      name: 'runtime-no-tests',
      severity: 'error',
      comment: 'Shipped code never imports tests/ or bench/.',
      from: { path: `^(server|drivers|contract|agent|central|${UI_FOLDERS.slice(1, -1)})/` },
      to: { path: '^(tests|bench)/' },
    },
    {
      name: 'no-dev-packages-at-run-time',
      severity: 'error',
      comment: 'Shipped code imports no devDependency: production runs after npm ci --omit=dev.',
      from: { path: '^(server|drivers|contract|agent)/', pathNot: '^server/ui-build\\.ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'ui-build-vite-on-demand',
      severity: 'error',
      comment: 'server/ui-build.ts loads Vite only with import(), only when the server runs from source; the built server never loads it.',
      from: { path: '^server/ui-build\\.ts$' },
      to: { path: 'node_modules/vite/', dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'ui-build-no-other-dev-packages',
      severity: 'error',
      comment: 'Shipped code imports no devDependency: production runs after npm ci --omit=dev.',
      from: { path: '^server/ui-build\\.ts$' },
      to: { pathNot: 'node_modules/vite/', dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
  },
};
