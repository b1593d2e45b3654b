package dev.parley.chat;

/** {@link ChatPageBytesIT} on a real PostgreSQL server: a fresh database per test (see {@link PostgresDatabase}). */
class ChatPageBytesPostgresIT extends ChatPageBytesIT {
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
