package dev.parley.chat;

/**
 * {@link ChatProtocolIT} end to end on a real PostgreSQL server (127.0.0.1:5432, user {@code postgres}): a
 * fresh database per test, kept across the test's restarts, dropped after.
 */
class ChatProtocolPostgresIT extends ChatProtocolIT {
    private final PostgresDatabase postgres = new PostgresDatabase();

    @Override
    protected ChatConfig.Builder database(ChatConfig.Builder builder) throws Exception {
        return postgres.use(builder);
    }

    @Override
    protected void dropDatabase() throws Exception {
        postgres.drop();
    }
}
