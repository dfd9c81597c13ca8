/**
 * Parses one CSV record that fits on one line (RFC 4180 fields: comma-separated, optionally in
 * double quotes, a quote inside quotes written twice). A quoted field cannot hold a line break here:
 * the file source cuts files at line boundaries, and such a field shows up as an unterminated quote.
 * A quote inside an unquoted field is kept as it is, as most CSV readers do.
 */
export function parseCsvLine(line: string): string[] {
  if (line.indexOf('"') === -1) return line.split(',');
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote === -1) throw new SyntaxError(`unterminated quoted field starting at column ${i + 1}`);
        value += line.slice(from, quote);
        if (line.charCodeAt(quote + 1) === QUOTE) {
          value += '"';
          from = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line.charCodeAt(i) !== COMMA) {
        throw new SyntaxError(`expected a comma after the quoted field at column ${i + 1}, found '${line[i]}'`);
      }
      i++;
    } else {
      const comma = line.indexOf(',', i);
      if (comma === -1) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

const QUOTE = 34;
const COMMA = 44;

/**
 * Writes one CSV record on one line: a field is quoted when it holds a comma, a quote or a line
 * break (a quote doubled inside), or when it is empty text that must stay apart from a missing value.
 */
export function formatCsvLine(fields: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += ',';
    const field = fields[i];
    if (field === null || field === undefined) continue;
    const text = typeof field === 'string' ? field : String(field);
    line += NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }
  return line;
}

const NEEDS_QUOTES = /[",\r\n]/;
