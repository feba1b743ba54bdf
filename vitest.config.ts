import { configDefaults, defineConfig } from 'vitest/config';
import { clusterUrl } from './scripts/cluster.js';

/**
 * GALERA=1 (set by .ci/run when this machine can run MariaDB as root) adds the `galera` project:
 * a three-node Galera cluster is started (scripts/cluster.ts) and the key database suites run
 * again against it, on MySQL only, with the cluster's own tests (test/cluster/: failover, a node
 * killed under load). Its files run one at a time, after the main project's (they share the
 * cluster, and one of them kills a node).
 */
const GALERA_SUITES = [
  'test/cluster/**/*.test.ts',
  'test/course.test.ts',
  'test/games.test.ts',
  'test/diary.test.ts',
  'test/sessions.test.ts',
  'test/communities-races.test.ts',
  'test/migrations.test.ts',
  'test/schedule-lease.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20000,
    hookTimeout: 60000,
    pool: 'forks',
    // CI also writes a JSON report, from which .ci/run prints a plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: 'test-results/vitest.json' } : undefined,
    projects: [
      // Two files at a time: one alone left a 2-core machine 40 % idle (waiting on MariaDB, Chromium
      // and spawned gateways), and CI went past 20 minutes. Every server a test starts takes its own
      // free port and every database its own name, so files do not meet.
      { extends: true, test: { name: 'main', maxWorkers: 2, include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/cluster/**'] } },
      ...(process.env.GALERA === '1'
        ? [{ extends: true as const, test: { name: 'galera', maxWorkers: 1, include: GALERA_SUITES, globalSetup: ['test/cluster/setup.ts'], env: { MYSQL_URL: clusterUrl([1, 2, 3], ''), DIALECTS: 'mysql', REQUIRE_MYSQL: '1' } } }]
        : []),
    ],
  },
});
