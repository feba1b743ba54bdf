/**
 * Bulk writes for the generator, beside (not through) the repositories: 100,000 members mean
 * millions of rows, which one INSERT per row through Kysely would take an hour to write.
 * SQLite: one prepared multi-row INSERT reused, committed every ~100,000 rows. MySQL/MariaDB:
 * multi-row INSERTs of 1,000 rows (mysql2 escapes the values), committed every ~20 of them.
 */
export type Value = string | number | null;

export interface TableSink {
  /** Queues one row (values in the table's column order); a promise when a batch is being written. */
  add(row: Value[]): Promise<void> | undefined;
  /** Writes what is queued. */
  flush(): Promise<void>;
  readonly written: number;
}

export interface Sink {
  table(name: string, columns: readonly string[]): TableSink;
  /** Runs a statement of the generator's own (an UPDATE after the bulk rows). */
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
}

const quote = (dialect: 'sqlite' | 'mysql', name: string) => (dialect === 'mysql' ? `\`${name}\`` : `"${name}"`);

/** SQLite: its own connection on the file the gateway uses (WAL, as the gateway keeps it). */
export async function sqliteSink(path: string, onRows: (n: number) => void): Promise<Sink> {
  const { default: SQLite } = await import('better-sqlite3');
  const raw = new SQLite(path);
  raw.pragma('journal_mode = WAL');
  // Loading: a crash means generating again, so no fsync per commit.
  raw.pragma('synchronous = OFF');
  raw.pragma('cache_size = -65536');
  let open = 0; // rows since the last commit
  const begin = () => open === 0 && raw.prepare('BEGIN').run();
  const commit = () => {
    if (open > 0) raw.prepare('COMMIT').run();
    open = 0;
  };
  return {
    table(name, columns) {
      const per = Math.max(1, Math.min(200, Math.floor(30_000 / columns.length)));
      const head = `INSERT INTO ${quote('sqlite', name)} (${columns.map((c) => quote('sqlite', c)).join(', ')}) VALUES `;
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const full = raw.prepare(head + Array.from({ length: per }, () => tuple).join(', '));
      const one = raw.prepare(head + tuple);
      let buf: Value[] = [];
      let queued = 0;
      let written = 0;
      const write = () => {
        if (queued === 0) return;
        begin();
        if (queued === per) full.run(buf);
        else for (let i = 0; i < queued; i++) one.run(buf.slice(i * columns.length, (i + 1) * columns.length));
        written += queued;
        open += queued;
        onRows(queued);
        buf = [];
        queued = 0;
        if (open >= 100_000) commit();
      };
      return {
        add(row) {
          for (const v of row) buf.push(v);
          if (++queued === per) write();
          return undefined;
        },
        async flush() {
          write();
          commit();
        },
        get written() {
          return written;
        },
      };
    },
    async exec(sqlText) {
      commit();
      raw.exec(sqlText);
    },
    async close() {
      commit();
      raw.pragma('synchronous = NORMAL');
      raw.pragma('wal_checkpoint(TRUNCATE)');
      raw.close();
    },
  };
}

/** MySQL/MariaDB: one connection, checks relaxed for the load (the generator keeps keys unique). */
export async function mysqlSink(url: string, onRows: (n: number) => void): Promise<Sink> {
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({ uri: url, charset: 'utf8mb4', timezone: 'Z' });
  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  let open = 0;
  const commit = async () => {
    if (open > 0) await conn.query('COMMIT');
    open = 0;
  };
  return {
    table(name, columns) {
      const per = 1000;
      const head = `INSERT INTO ${quote('mysql', name)} (${columns.map((c) => quote('mysql', c)).join(', ')}) VALUES ?`;
      let rows: Value[][] = [];
      let written = 0;
      const write = async () => {
        if (rows.length === 0) return;
        const batch = rows;
        rows = [];
        if (open === 0) await conn.query('START TRANSACTION');
        await conn.query(head, [batch]);
        written += batch.length;
        open += batch.length;
        onRows(batch.length);
        if (open >= 20_000) await commit();
      };
      return {
        add(row) {
          rows.push(row);
          return rows.length >= per ? write() : undefined;
        },
        async flush() {
          await write();
          await commit();
        },
        get written() {
          return written;
        },
      };
    },
    async exec(sqlText) {
      await commit();
      await conn.query(sqlText);
    },
    async close() {
      await commit();
      await conn.end();
    },
  };
}
