// Worker entry for call-fanout: loads the TypeScript worker through tsx (Node 20 workers do not inherit
// the loader the main thread was started with).
import { tsImport } from 'tsx/esm/api';

await tsImport('./fanout-clients.ts', import.meta.url);
