// The layers of pushbench, bottom first. A module may import from its own layer and the layers
// below it, never above: the one-way pipeline ARCHITECTURE.md describes. `npm test` runs
// dependency-cruiser with these rules (test/architecture/layers.unit.test.ts, run by `npm test` and so by .ci/run); a wrong import fails it
// with the rule's name, the importing module and the imported one.
// Keep this list and ARCHITECTURE.md's "Layers" table in the same order (the test checks it).
const LAYERS = [
  { name: 'shared', paths: ['harness/shared/'] },
  { name: 'sites', paths: ['sites/'] },
  { name: 'stats', paths: ['harness/stats/'] },
  { name: 'browsers', paths: ['harness/browsers/'] },
  { name: 'servers', paths: ['servers/'] },
  { name: 'config', paths: ['harness/config/', 'pushbench\\.config\\.ts$'] },
  { name: 'shapers', paths: ['harness/shapers/'] },
  { name: 'run', paths: ['harness/run/'] },
  { name: 'gather', paths: ['harness/gather/', 'harness/conformance/'] },
  { name: 'compute', paths: ['harness/compute/'] },
  { name: 'report', paths: ['harness/report/'] },
  { name: 'bench', paths: ['harness/bench/', 'playwright\\.config\\.ts$'] },
  { name: 'cli', paths: ['harness/cli/', 'harness/bin/'] },
];

const pathsOf = (layers) => layers.flatMap((l) => l.paths.map((p) => `^${p}`));

module.exports = {
  forbidden: [
    ...LAYERS.slice(0, -1).map((layer, i) => ({
      name: `${layer.name}-imports-upward`,
      comment: `${layer.name} may import only ${LAYERS.slice(0, i + 1).map((l) => l.name).join(', ')}`,
      severity: 'error',
      from: { path: pathsOf([layer]) },
      to: { path: pathsOf(LAYERS.slice(i + 1)) },
    })),
    {
      name: 'no-circular',
      comment: 'modules must not import each other in a circle, inside a layer too',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-test',
      comment: 'source never imports test code',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|results|scratch|test-results|sites/blog/)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};

// For the test that compares the layers with ARCHITECTURE.md (not a dependency-cruiser option).
Object.defineProperty(module.exports, 'LAYERS', { value: LAYERS, enumerable: false });
