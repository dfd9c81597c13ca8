import { ConfigError } from '@weir/common';

/** The SQL dialects the connector speaks; the URL's scheme picks one. */
export type DialectName = 'postgres' | 'mysql';

const SCHEMES: Readonly<Record<string, DialectName>> = {
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
};

/** A database URL, parsed once where the job is defined so a bad one fails there, naming the field. */
export interface JdbcUrl {
  readonly dialect: DialectName;
  /** As the user gave it, for the drivers. */
  readonly url: string;
  /** The URL without its password, for messages. */
  readonly display: string;
}

/** `where` names the option in the error: "jdbcSink: 'url' must be …". */
export function parseJdbcUrl(url: unknown, where: string): JdbcUrl {
  const expected = 'a URL such as postgres://user@host:5432/db or mysql://root@host:3306/db (or mariadb://)';
  if (typeof url !== 'string' || url === '') {
    throw new ConfigError(`${where}: 'url' must be ${expected}, not ${JSON.stringify(url)}.`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ConfigError(`${where}: 'url' must be ${expected}, not '${url}'.`, { cause: error });
  }
  const dialect = SCHEMES[parsed.protocol];
  if (dialect === undefined) {
    throw new ConfigError(
      `${where}: 'url' has the scheme '${parsed.protocol}', which names no supported database: ` +
        `use postgres://, postgresql://, mysql:// or mariadb://.`,
    );
  }
  if (parsed.hostname === '' || parsed.pathname.length <= 1) {
    throw new ConfigError(`${where}: 'url' must name a host and a database (${expected}), not '${redact(parsed)}'.`);
  }
  return { dialect, url, display: redact(parsed) };
}

function redact(url: URL): string {
  if (url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.password = '***';
  return copy.href;
}
