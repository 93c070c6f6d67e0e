/** A parameterised statement. Values never become part of the SQL text. */
export interface SqlQuery {
  readonly text: string;
  readonly values: unknown[];
  /**
   * Kept prepared under this name (PostgreSQL: once per connection, then bound and executed, so
   * the server neither parses nor, once it settles on a generic plan, plans it again). Only for a
   * statement run on every bot turn or page request whose text never changes: one name, one text.
   */
  readonly name?: string;
}

/** The same statement, kept prepared under `name` (see SqlQuery.name). */
export function prepared(name: string, query: SqlQuery): SqlQuery {
  return { text: query.text, values: query.values, name };
}

/** Tagged template: sql`select * from employee where id = ${id}` → { text: '... $1', values: [id] }. */
export function sql(strings: TemplateStringsArray, ...params: unknown[]): SqlQuery {
  let text = strings[0] ?? '';
  const values: unknown[] = [];
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p instanceof SqlFragment) {
      text += p.render(values.length);
      values.push(...p.values);
    } else {
      values.push(p);
      text += `$${values.length}`;
    }
    text += strings[i + 1] ?? '';
  }
  return { text, values };
}

/** A piece of SQL with its own parameters, to be embedded in another sql`` query. */
export class SqlFragment {
  readonly text: string;
  readonly values: unknown[];
  constructor(query: SqlQuery) {
    this.text = query.text;
    this.values = query.values;
  }
  render(offset: number): string {
    return this.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  }
}

export function fragment(strings: TemplateStringsArray, ...params: unknown[]): SqlFragment {
  return new SqlFragment(sql(strings, ...params));
}

/** A trusted identifier (table or schema name chosen by the code, never by a user). */
export function ident(name: string): SqlFragment {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe SQL identifier: ${name}`);
  return new SqlFragment({ text: `"${name}"`, values: [] });
}
