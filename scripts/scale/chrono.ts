/**
 * Rows the app inserts get ids in the order they happen; generated rows are drawn per member, so
 * they are put in time order before ids are given (ties keep drawing order).
 */
export function chronological(times: Float64Array, n = times.length): Int32Array {
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => times[a]! - times[b]! || a - b);
  return Int32Array.from(order);
}

/** A growable column of numbers (typed, so millions of rows stay small). */
export class Column<T extends Float64Array | Int32Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}

  push(v: number): number {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length] = v;
    return this.length++;
  }
}

export const ints = () => new Column(new Int32Array(1024), (n) => new Int32Array(n));
export const floats = () => new Column(new Float64Array(1024), (n) => new Float64Array(n));
