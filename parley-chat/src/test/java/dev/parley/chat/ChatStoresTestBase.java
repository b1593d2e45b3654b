package dev.parley.chat;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A chat integration test whose every test runs on each store: SQLite in the test's data directory, then a fresh
 * database per test on the real PostgreSQL server of the tests (127.0.0.1:5432, see {@link PostgresDatabase}). One
 * class, run once per {@link Store} (the whole class: all its tests on SQLite, then all on PostgreSQL), in place of a
 * SQLite class and a PostgreSQL subclass of it; a report names the store, e.g. {@code [1] SQLITE}.
 */
@ParameterizedClass(name = "[{index}] {0}")
@EnumSource(ChatStoresTestBase.Store.class)
abstract class ChatStoresTestBase extends ChatTestBase {
    /** The stores every {@link ChatStoresTestBase} runs on. */
    enum Store {
        SQLITE,
        POSTGRESQL
    }

    /** The store of this run, set before each test. */
    @Parameter
    protected Store store;
    private final PostgresDatabase postgres = new PostgresDatabase();

    @Override
    protected ChatConfig.Builder database(ChatConfig.Builder builder) throws Exception {
        return store == Store.POSTGRESQL ? postgres.use(builder) : super.database(builder);
    }

    @Override
    protected void dropDatabase() throws Exception {
        postgres.drop(); // nothing to drop on SQLite: the data directory goes with the test
    }
}
