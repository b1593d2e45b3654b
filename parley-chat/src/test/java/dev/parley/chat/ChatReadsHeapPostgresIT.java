package dev.parley.chat;

import org.junit.jupiter.api.TestInfo;

/** {@link ChatReadsHeapIT} on a real PostgreSQL server: a fresh database per test (see {@link PostgresDatabase}). */
class ChatReadsHeapPostgresIT extends ChatReadsHeapIT {
    private final PostgresDatabase postgres = new PostgresDatabase();

    ChatReadsHeapPostgresIT(TestInfo test) {
        super(test);
    }

    @Override
    protected ChatConfig.Builder database(ChatConfig.Builder builder) throws Exception {
        return postgres.use(builder);
    }

    @Override
    protected void dropDatabase() throws Exception {
        postgres.drop();
    }
}
