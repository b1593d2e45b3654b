package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Accounts (issue 17 §2, docs/chat.md "Accounts") over real sockets with the official Java Socket.IO client: a
 * nickname secured by a password, signing in with it from another device, the refusals (one reply for a wrong
 * password, an unknown nickname and a guest's), the throttles per nickname and per address, guests kept off secured
 * names, a guest's name secured later, the password bounds, "sign out everywhere" (every token revoked, every live
 * connection closed with its reason) and the server mode that requires passwords.
 * Runs on SQLite and on PostgreSQL ({@link ChatStoresTestBase}).
 */
class ChatAccountsIT extends ChatStoresTestBase {
    private static final String PASSWORD = "correct horse battery";
    private static final int NICKNAME_FAILURES = 3;
    /** Cheaper than the default (1 MiB, one pass): these tests hash a few dozen times; PasswordHasherTest checks the default. */
    private static final AccountConfig.HashCost TEST_COST = new AccountConfig.HashCost(1024, 1, 1);
    private AccountConfig.HashCost cost = TEST_COST;
    private AccountConfig.Mode mode = AccountConfig.Mode.GUESTS;
    private int addressFailures = 100;
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.authThrottle(addressFailures, Duration.ofHours(1), 1000)
                .accounts(AccountConfig.builder().mode(mode).hashCost(cost)
                        .signInFailureLimit(NICKNAME_FAILURES, Duration.ofHours(1)).build());
    }

    /** A connection the server let in, with its {@code session} event. */
    private record Device(Socket socket, JSONObject session) {
        String token() {
            return session.optString("token", null);
        }
    }

    private Device connectWith(Map<String, ?> auth) throws Exception {
        CompletableFuture<JSONObject> session = new CompletableFuture<>();
        Socket socket = connect(auth, s -> s.on("session", a -> session.complete((JSONObject) a[0])));
        return new Device(socket, session.get(10, TimeUnit.SECONDS));
    }

    private Device claim(String nickname, String password) throws Exception {
        return connectWith(Map.of("nickname", nickname, "password", password));
    }

    private Device signIn(String nickname, String password) throws Exception {
        return connectWith(Map.of("nickname", nickname, "password", password, "mode", "signin"));
    }

    private JSONObject signInRefused(String nickname, String password) throws Exception {
        return refusedWith(Map.of("nickname", nickname, "password", password, "mode", "signin"));
    }

    private static String code(JSONObject refusal) throws Exception {
        return refusal.getJSONObject("data").getString("code");
    }

    private static JSONObject ok(JSONObject answer) throws Exception {
        assertThat(answer.getBoolean("ok")).as(answer.toString()).isTrue();
        return answer;
    }

    @Test
    void aSecuredNicknameSignsInOnAnotherDeviceWithItsOwnTokenAndTheSameConversations() throws Exception {
        Device laptop = claim("Alice", PASSWORD);
        assertThat(laptop.token()).hasSize(32);
        assertThat(laptop.session().getJSONObject("account").getBoolean("secured")).isTrue();
        Login bob = register("bob");
        ok(call(laptop.socket(), "private:send", json("to", "bob", "text", "from the laptop", "clientId", "c1")));
        ok(call(laptop.socket(), "room:join", json("room", "general")));
        ok(call(laptop.socket(), "message:send", json("room", "general", "text", "hello room", "clientId", "c2")));

        // Another browser: any case of the name, the password; the name as claimed, and a token of its own.
        Device phone = signIn("alice", PASSWORD);
        assertThat(phone.session().getString("nickname")).isEqualTo("Alice");
        assertThat(phone.token()).hasSize(32).isNotEqualTo(laptop.token());
        assertThat(phone.session().getJSONObject("account").getBoolean("secured")).isTrue();
        JSONArray conversations = ok(call(phone.socket(), "conversations", json())).getJSONArray("conversations");
        assertThat(conversations.length()).isEqualTo(1);
        assertThat(conversations.getJSONObject(0).getString("with")).isEqualTo("bob");
        JSONArray history = ok(call(phone.socket(), "private:history", json("with", "bob"))).getJSONArray("messages");
        assertThat(history.getJSONObject(0).getString("text")).isEqualTo("from the laptop");
        JSONArray room = ok(call(phone.socket(), "room:join", json("room", "general"))).getJSONArray("history");
        assertThat(room.getJSONObject(room.length() - 1).getString("text")).isEqualTo("hello room");

        // Both tokens stay valid, each on its own; bob's message reaches both devices.
        Device laptopAgain = connectWith(Map.of("token", laptop.token()));
        assertThat(laptopAgain.session().getString("nickname")).isEqualTo("Alice");
        assertThat(laptopAgain.token()).isNull();
        BlockingQueue<String> onPhone = new ArrayBlockingQueue<>(4);
        phone.socket().on("private", a -> onPhone.add(((JSONObject) a[0]).optString("text")));
        ok(call(bob.socket(), "private:send", json("to", "alice", "text", "to every device", "clientId", "c3")));
        assertThat(onPhone.poll(10, TimeUnit.SECONDS)).isEqualTo("to every device");
    }

    @Test
    void aWrongPasswordAnUnknownNicknameAndAGuestsNicknameGetTheSameRefusal() throws Exception {
        claim("alice", PASSWORD);
        register("guest");
        JSONObject wrong = signInRefused("alice", PASSWORD + "!");
        assertThat(code(wrong)).isEqualTo("sign_in_failed");
        assertThat(wrong.getString("message")).isEqualTo("Wrong nickname or password");
        assertThat(signInRefused("nobody", PASSWORD).toString()).isEqualTo(wrong.toString());
        assertThat(signInRefused("guest", PASSWORD).toString()).isEqualTo(wrong.toString());
        assertThat(signInRefused("not a valid\u202Ename", PASSWORD).toString()).isEqualTo(wrong.toString());
        assertThat(code(refusedWith(Map.of("nickname", "alice", "password", "", "mode", "signin"))))
                .isEqualTo("password_required");
    }

    @Test
    void failedSignInsAreThrottledPerNicknameAndItsLookAlikesNotPerOthers() throws Exception {
        claim("alice", PASSWORD);
        claim("carol", PASSWORD);
        signInRefused("alice", "wrong password 1");
        signInRefused("ALICE", "wrong password 2");
        signInRefused("\u0430lice", "wrong password 3"); // Cyrillic а: the same skeleton
        JSONObject limited = signInRefused("alice", PASSWORD);
        assertThat(code(limited)).isEqualTo("rate_limited");
        assertThat(limited.getString("message")).isEqualTo("Too many failed attempts: try again later");
        // Another nickname from the same address still signs in (the address's own limit is far).
        assertThat(signIn("carol", PASSWORD).session().getString("nickname")).isEqualTo("carol");
    }

    @Test
    void aBurstOfParallelGuessesGetsNoMoreChecksThanTheLimit() throws Exception {
        claim("alice", PASSWORD);
        int burst = 10;
        java.util.List<CompletableFuture<String>> codes = new java.util.ArrayList<>();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(burst);
        try {
            for (int i = 0; i < burst; i++) {
                String guess = "wrong guess " + i;
                codes.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return code(signInRefused("alice", guess));
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, clients));
            }
            java.util.Map<String, Long> counted = new java.util.TreeMap<>();
            for (CompletableFuture<String> c : codes) {
                counted.merge(c.get(30, TimeUnit.SECONDS), 1L, Long::sum);
            }
            // Counted when they arrive, not when their hashes end: exactly the limit is checked.
            assertThat(counted).containsExactly(Map.entry("rate_limited", (long) burst - NICKNAME_FAILURES),
                    Map.entry("sign_in_failed", (long) NICKNAME_FAILURES));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void failedSignInsCountAgainstTheAddressWithFailedTokens() throws Exception {
        addressFailures = 3;
        restart();
        Device alice = claim("alice", PASSWORD);
        for (String nobody : new String[] {"nobody1", "nobody2", "nobody3"}) {
            assertThat(code(signInRefused(nobody, PASSWORD))).isEqualTo("sign_in_failed");
        }
        assertThat(code(signInRefused("alice", PASSWORD))).isEqualTo("rate_limited");
        // One table per address for every secret: the right token is refused too until the window ends.
        assertThat(code(refusedWith(Map.of("token", alice.token())))).isEqualTo("rate_limited");
    }

    @Test
    void aGuestCannotTakeASecuredNicknameAndAGuestsNicknameCanBeSecuredLater() throws Exception {
        claim("alice", PASSWORD);
        for (Map<String, String> attempt : java.util.List.of(Map.of("nickname", "alice"), Map.of("nickname", "Alice"),
                Map.of("nickname", "alice", "password", "another password"))) {
            assertThat(code(refusedWith(attempt))).as(attempt.toString()).isEqualTo("nickname_taken");
        }

        // (Failed checks of bob's password below: 2, under the limit of 3 per nickname.)
        Login bob = register("bob");
        JSONObject secured = ok(call(bob.socket(), "account:password", json("password", PASSWORD)));
        assertThat(secured.getBoolean("secured")).isTrue();
        Device bobsPhone = signIn("bob", PASSWORD);
        assertThat(bobsPhone.session().getString("nickname")).isEqualTo("bob");

        // Changing it takes the current one.
        JSONObject noCurrent = call(bob.socket(), "account:password", json("password", "a new password"));
        assertThat(noCurrent.getString("code")).isEqualTo("password_wrong");
        JSONObject wrongCurrent = call(bob.socket(), "account:password",
                json("password", "a new password", "current", "not the password"));
        assertThat(wrongCurrent.getString("code")).isEqualTo("password_wrong");
        ok(call(bob.socket(), "account:password", json("password", "a new password", "current", PASSWORD)));
        assertThat(code(signInRefused("bob", PASSWORD))).isEqualTo("sign_in_failed");
        assertThat(signIn("bob", "a new password").session().getString("nickname")).isEqualTo("bob");
    }

    @Test
    void passwordsHaveEightToTwoHundredCharacters() throws Exception {
        String seven = "1234567";
        String twoHundred = "p".repeat(200);
        JSONObject tooShort = refusedWith(Map.of("nickname", "short", "password", seven));
        assertThat(code(tooShort)).isEqualTo("password_invalid");
        assertThat(tooShort.getString("message")).isEqualTo("A password has at least 8 characters");
        JSONObject tooLong = refusedWith(Map.of("nickname", "long", "password", twoHundred + "p"));
        assertThat(tooLong.getString("message")).isEqualTo("A password has at most 200 characters");
        assertThat(code(signInRefused("long", twoHundred + "p"))).isEqualTo("password_invalid");
        // At the bounds: counted in characters (code points), not bytes or UTF-16 units.
        claim("eight", "1234567\uD83D\uDE00");
        Device longest = claim("longest", twoHundred);
        assertThat(signIn("longest", twoHundred).session().getString("nickname")).isEqualTo("longest");
        assertThat(call(longest.socket(), "account:password", json("password", seven, "current", twoHundred))
                .getString("code")).isEqualTo("password_invalid");
    }

    @Test
    void signingOutEverywhereRevokesEveryTokenAndClosesEveryConnection() throws Exception {
        Device laptop = claim("alice", PASSWORD);
        Device phone = signIn("alice", PASSWORD);
        Login bob = register("bob");
        BlockingQueue<String> phoneEvents = new ArrayBlockingQueue<>(4);
        phone.socket().on("session:revoked", a -> phoneEvents.add("revoked " + ((JSONObject) a[0]).optString("code")));
        phone.socket().on(Socket.EVENT_DISCONNECT, a -> phoneEvents.add("disconnect " + a[0]));
        BlockingQueue<String> bobEvents = new ArrayBlockingQueue<>(4);
        bob.socket().on(Socket.EVENT_DISCONNECT, a -> bobEvents.add("disconnect " + a[0]));

        JSONObject answer = ok(call(laptop.socket(), "account:signout-all", json()));
        assertThat(answer.getInt("revoked")).isEqualTo(2);
        assertThat(phoneEvents.poll(10, TimeUnit.SECONDS)).isEqualTo("revoked signed_out");
        assertThat(phoneEvents.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnect io server disconnect");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !laptop.socket().connected());
        assertThat(chat.tabsOnline("alice")).isZero();

        for (String token : new String[] {laptop.token(), phone.token()}) {
            assertThat(code(refusedWith(Map.of("token", token)))).isEqualTo("token_invalid");
            HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/files"))
                    .header("X-Chat-Token", token).header("X-File-Name", "a.txt")
                    .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).isEqualTo(401);
        }
        // Someone else is untouched; the password still signs in.
        assertThat(bob.socket().connected()).isTrue();
        assertThat(bobEvents).isEmpty();
        assertThat(signIn("alice", PASSWORD).session().getString("nickname")).isEqualTo("alice");
    }

    @Test
    void aGuestCannotSignOutEverywhere() throws Exception {
        Login guest = register("guest");
        JSONObject refused = call(guest.socket(), "account:signout-all", json());
        assertThat(refused.getString("code")).isEqualTo("password_required");
        assertThat(guest.socket().connected()).isTrue();
        assertThat(connectWith(Map.of("token", guest.token())).session().getString("nickname")).isEqualTo("guest");
    }

    /** The stored password hash, read from the database itself (SQLite or PostgreSQL). */
    private String storedHash(String nickname) throws Exception {
        ChatConfig config = chat.config();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(config.jdbcUrl(), config.databaseUser(),
                config.databasePassword());
                java.sql.PreparedStatement query = c.prepareStatement("SELECT password_hash FROM users WHERE nickname = ?")) {
            query.setString(1, nickname);
            try (java.sql.ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    @Test
    void aHashOfAnOlderCostIsReplacedAtTheNextSignIn() throws Exception {
        claim("alice", PASSWORD);
        assertThat(storedHash("alice")).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        cost = new AccountConfig.HashCost(2048, 2, 1);
        restart();
        signIn("alice", PASSWORD); // verified with the stored hash's own cost
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> storedHash("alice").startsWith("$argon2id$v=19$m=2048,t=2,p=1$"));
        assertThat(signIn("alice", PASSWORD).session().getString("nickname")).isEqualTo("alice");
        assertThat(code(signInRefused("alice", PASSWORD + "?"))).isEqualTo("sign_in_failed");
    }

    @Test
    void whenPasswordsAreRequiredGuestsAreRefusedAndEarlierSessionsStay() throws Exception {
        Login earlier = register("earlier");
        mode = AccountConfig.Mode.REQUIRED;
        restart();
        JSONObject refused = refusedWith(Map.of("nickname", "newcomer"));
        assertThat(code(refused)).isEqualTo("password_required");
        assertThat(refused.getString("message")).isEqualTo("This server needs a password with every new nickname");
        Device secured = claim("newcomer", PASSWORD);
        assertThat(secured.session().getJSONObject("account").getString("mode")).isEqualTo("required");
        Device back = connectWith(Map.of("token", earlier.token()));
        assertThat(back.session().getJSONObject("account").getBoolean("secured")).isFalse();
        ok(call(back.socket(), "account:password", json("password", PASSWORD)));
        assertThat(signIn("earlier", PASSWORD).session().getString("nickname")).isEqualTo("earlier");
    }
}
