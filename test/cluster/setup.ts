/**
 * Global setup of the `galera` test project: the three-node cluster is started (or found running)
 * before the suites and stopped after them if this run started it. GALERA=1 on a machine that
 * cannot run it (no MariaDB, not root) fails the run rather than skipping it.
 */
import { execFileSync } from 'node:child_process';
import { nodes, start, stop } from '../../scripts/cluster.js';
import { existsSync } from 'node:fs';

export default async function setup(): Promise<() => Promise<void>> {
  const missing = ['/usr/sbin/mariadbd', '/usr/lib/galera/libgalera_smm.so'].filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`GALERA=1 but ${missing.join(', ')} missing (apt-get install mariadb-server galera-4)`);
  if (process.getuid?.() !== 0) throw new Error('GALERA=1 needs root (the cluster nodes run as the mysql user)');
  const running = nodes().some((x) => {
    try {
      execFileSync('mariadb', ['--no-defaults', '-uroot', `--socket=${x.socket}`, '-e', 'select 1'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  await start();
  return async () => {
    if (!running) await stop();
  };
}
