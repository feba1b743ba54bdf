/**
 * The generator's progress bar on stderr (stdout keeps the summary): one line redrawn on a
 * terminal, a line per finished step otherwise (CI logs, pipes).
 */
export class Progress {
  private step = 0;
  private name = '';
  private expected = 1;
  private rows = 0;
  private total = 0;
  private began = Date.now();
  private stepBegan = Date.now();
  private drawn = 0;

  constructor(
    private readonly steps: number,
    private readonly out: NodeJS.WriteStream | null = process.stderr,
  ) {}

  phase(name: string, expected: number): void {
    this.finishLine();
    this.step++;
    this.name = name;
    this.expected = Math.max(1, expected);
    this.rows = 0;
    this.stepBegan = Date.now();
    this.draw(true);
  }

  tick(n: number): void {
    this.rows += n;
    this.total += n;
    if (Date.now() - this.drawn > 100) this.draw(false);
  }

  done(): void {
    this.finishLine();
    this.out?.write(`done: ${this.total.toLocaleString('en')} rows in ${this.clock(Date.now() - this.began)}\n`);
  }

  private clock(ms: number): string {
    const s = Math.round(ms / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }

  private line(): string {
    const frac = Math.min(1, this.rows / this.expected);
    const width = 24;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    const secs = Math.max(0.001, (Date.now() - this.stepBegan) / 1000);
    return `${this.step}/${this.steps} ${this.name.padEnd(18)} [${bar}] ${String(Math.round(frac * 100)).padStart(3)}%  ${this.rows.toLocaleString('en')} rows  ${Math.round(this.rows / secs).toLocaleString('en')}/s  ${this.clock(Date.now() - this.began)}`;
  }

  private draw(force: boolean): void {
    if (!this.out) return;
    if (this.out.isTTY) {
      this.drawn = Date.now();
      this.out.write(`\r${this.line()}\x1b[K`);
    } else if (force) {
      this.drawn = Date.now();
    } else if (Date.now() - this.drawn > 10_000) {
      // Logs and pipes: a line every ten seconds of a long step.
      this.drawn = Date.now();
      this.out.write(`${this.line()}\n`);
    }
  }

  private finishLine(): void {
    if (!this.out || this.step === 0) return;
    this.out.write(this.out.isTTY ? `\r${this.line()}\x1b[K\n` : `${this.line()}\n`);
  }
}
