/**
 * The layer rules of docs/ARCHITECTURE.md ("Layers"), checked in CI (`npm run deps`).
 * Dependencies point one way: http -> s3 -> storage -> {metadata, blocks}, with auth and body
 * below s3, accounts below storage, and errors/config/logger at the bottom.
 */
// fuzz.fixture: the property-test runner that every layer's tests use (it imports only errors).
const FOUNDATION = '^src/(errors|config|logger|threadpool|fuzz[.]fixture)[.]ts$';

/** A layer may import itself, the foundation and the layers listed. */
function layer(name, path, allowed) {
  const ok = [`^src/${path}/`, FOUNDATION, ...allowed.map((l) => `^src/${l}/`)];
  return {
    name: `${name}-imports-only-below`,
    comment: `${path}/ may import only ${allowed.join(', ') || 'nothing else'} (and errors, config, logger)`,
    severity: 'error',
    from: { path: `^src/${path}/` },
    to: { path: '^src/', pathNot: ok },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module may depend on itself through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'errors-import-nothing',
      comment: 'The S3 error catalog is importable by every layer and imports nothing of the project.',
      severity: 'error',
      from: { path: '^src/errors[.]ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'foundation-imports-only-foundation',
      severity: 'error',
      from: { path: FOUNDATION },
      to: { path: '^src/', pathNot: FOUNDATION },
    },
    layer('compute', 'compute', []),
    layer('blocks', 'blocks', ['compute']),
    layer('metadata', 'metadata', []),
    layer('accounts', 'accounts', ['metadata', 'auth']),
    layer('policy', 'policy', []),
    layer('storage', 'storage', ['metadata', 'blocks', 'compute', 'accounts', 'policy']),
    layer('auth', 'auth', []),
    layer('body', 'body', ['auth', 'compute']),
    layer('s3', 's3', ['storage', 'body', 'compute', 'auth', 'accounts', 'policy']),
    layer('http', 'http', ['s3', 'auth', 'body']),
    // The admin API drives background work (a scrub round) as well as accounts.
    layer('admin', 'admin', ['accounts', 'auth', 'body', 'http', 'storage']),
    // Metrics implement the observer interfaces the layers declare; only the composition root wires them.
    layer('metrics', 'metrics', ['http', 'storage', 'metadata', 'blocks']),
    {
      name: 'nothing-imports-the-composition-root',
      comment: 'main, server, app and build-context wire the layers; no layer reaches up to them.',
      severity: 'error',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/(main|server|app|build-context)[.]ts$' },
    },
    {
      name: 'src-never-imports-tests',
      severity: 'error',
      from: { path: '^src/', pathNot: '[.](test|fixture)[.]ts$' },
      to: { path: '(^test/|[.](test|fixture)[.]ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist)' },
  },
};
