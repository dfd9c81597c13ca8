import { ConfigError } from '@weir/common';
import { JdbcModule } from '@weir/connector-jdbc';
import { startConnectors } from '@weir/connector-sdk';
import { openTestDatabase, uniqueName } from '../../support/databases';

describe('JdbcModule', () => {
  it('registers the jdbc source and sink, which use the module’s database unless told otherwise', async () => {
    const db = await openTestDatabase('postgres');
    const table = uniqueName('weir_module');
    await db.query(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, name TEXT)`);
    const connectors = await startConnectors([JdbcModule.forRoot({ url: db.url })]);
    try {
      const registry = connectors.registry;
      expect(registry.sinkNames()).toContain('jdbc');
      expect(registry.sourceNames()).toContain('jdbc');
      const writer = registry
        .createSink('jdbc', { table, mode: 'upsert', key: ['id'] })
        .createWriter({ subtaskIndex: 0, parallelism: 1, taskName: 'sink', sendToClient() {} });
      writer.write({ id: 1, name: 'one' }, undefined);
      writer.write({ id: 1, name: 'uno' }, undefined);
      await writer.flush(true);
      await writer.close();
      expect(await db.query(`SELECT id, name FROM ${table}`)).toEqual([{ id: 1, name: 'uno' }]);
      // Options from configuration are checked like a job's: the bad field is named.
      expect(() => registry.createSink('jdbc', { table, mode: 'upsert' })).toThrow("mode 'upsert' needs a 'key'");
    } finally {
      await connectors.close();
      await db.query(`DROP TABLE ${table}`);
      await db.close();
    }
  });

  it('refuses a database URL of an unknown kind, naming the field', () => {
    expect(() => JdbcModule.forRoot({ url: 'oracle://db/x' })).toThrow(ConfigError);
    expect(() => JdbcModule.forRoot({ url: 'oracle://db/x' })).toThrow(
      "jdbc connector module: invalid options: 'url' must be a postgres://, postgresql://, mysql:// or mariadb:// URL (got 'oracle://db/x').",
    );
  });
});
