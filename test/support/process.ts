import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

export interface GatewayProcess {
  /** http://127.0.0.1:<port>, reached over a real socket. */
  base: string;
  port: number;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Ends the process and removes its data folder. */
  stop(): Promise<void>;
  /** Ends it at once, as a crash would (kill -9), leaving its folder; resolves when it is gone. */
  crash(): Promise<void>;
}

/**
 * `npm start` as a real process (`node --import tsx gateway/main.ts`), with its database and mail
 * outbox in a fresh temporary folder. Resolves once `listening` processes have said so; rejects
 * with the output if it exits or does not get there within a minute.
 * `env` is laid over this process's environment (a key set to undefined is removed); it is given the
 * chosen port (a free one, from `freePort`), base URL and folder.
 */
export async function startGatewayProcess(
  env: (where: { port: number; base: string; dir: string }) => Record<string, string | undefined>,
  o: { listening?: number } = {},
): Promise<GatewayProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'ashiato-process-'));
  // No mail listener unless a test asks: several spawned gateways would contend for port 2525.
  const childEnv: Record<string, string | undefined> = { ...process.env, MAIL_IN_PORT: '0', ...env({ port, base, dir }) };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while ((output.match(/Ashiato gateway listening/g) ?? []).length < (o.listening ?? 1)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`gateway did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const crash = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  };
  return { base, port, output: () => output, stop, crash };
}
