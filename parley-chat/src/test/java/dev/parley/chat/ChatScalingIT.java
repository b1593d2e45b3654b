package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 10: a user arriving or leaving costs every other user a constant number of bytes (changes,
 * not lists), so N users arriving cost each one O(N) bytes in total, not O(N^2); the lists go only to whoever
 * asks, a page at a time. The bytes are counted on a raw WebSocket connection (the JDK's client speaking
 * Engine.IO and Socket.IO by hand); the others are official Java clients doing what the web UI does.
 */
class ChatScalingIT extends ChatTestBase {
    private static final int USERS = 30;
    private static final int PAGE = 7;
    /** What may differ between two arrivals: the digits of growing versions, ids and times. */
    private static final int SLACK = 24;

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.registrationLimit(1000, Duration.ofMinutes(10)).listPageSize(PAGE);
    }

    private static String nick(int i) {
        return String.format("user-%02d", i);
    }

    @Test
    void eachArrivalAndDepartureCostsTheOthersAConstantNumberOfBytes() throws Exception {
        try (RawChatClient observer = RawChatClient.register(server.url(), "observer")) {
            observer.send("420[\"room:join\",{\"room\":\"general\"}]");
            // Its own join's notices come after the ack; its own message after them (handlers run in order).
            observer.send("421[\"message:send\",{\"room\":\"general\",\"text\":\"observer ready\",\"clientId\":\"o-1\"}]");
            observer.bytesUntil("42[\"message\",{", "observer ready"); // the broadcast, not the ack

            List<Integer> arrivals = new ArrayList<>();
            List<Socket> users = new ArrayList<>();
            for (int i = 1; i <= USERS; i++) {
                Socket user = register(nick(i)).socket();
                users.add(user);
                assertThat(call(user, "room:join", json("room", "general")).getBoolean("ok")).isTrue();
                String sentinel = nick(i) + " is here";
                call(user, "message:send", json("room", "general", "text", sentinel, "clientId", "c-" + nick(i)));
                arrivals.add(observer.bytesUntil("42[\"message\",{", sentinel));
            }
            IntSummaryStatistics arrival = arrivals.stream().mapToInt(Integer::intValue).summaryStatistics();
            // With the whole lists sent on every arrival, the 30th cost the observer ~600 bytes more than the first.
            assertThat(arrival.getMax() - arrival.getMin()).as("bytes per arrival " + arrivals).isLessThanOrEqualTo(SLACK);
            assertThat(arrival.getMax()).as("bytes per arrival " + arrivals).isLessThan(600);

            // The lists, on request and paged: every online user once, in name order, PAGE at most per answer.
            List<String> online = new ArrayList<>();
            String after = null;
            int pages = 0;
            do {
                JSONObject page = call(users.get(0), "presence:list", after == null ? json() : json("after", after));
                JSONArray names = page.getJSONArray("online");
                assertThat(names.length()).isBetween(1, PAGE);
                for (int i = 0; i < names.length(); i++) {
                    online.add(names.getString(i));
                }
                after = page.isNull("next") ? null : page.getString("next");
                pages++;
            } while (after != null);
            List<String> expected = new ArrayList<>(List.of("observer"));
            for (int i = 1; i <= USERS; i++) {
                expected.add(nick(i));
            }
            assertThat(online).isEqualTo(expected.stream().sorted().toList());
            assertThat(pages).isEqualTo((USERS + 1 + PAGE - 1) / PAGE);

            List<Integer> departures = new ArrayList<>();
            for (int i = USERS; i >= 1; i--) {
                users.get(i - 1).close();
                departures.add(observer.bytesUntil("42[\"room:change\",{\"name\":\"general\",\"members\":" + i + ",", ""));
            }
            IntSummaryStatistics departure = departures.stream().mapToInt(Integer::intValue).summaryStatistics();
            assertThat(departure.getMax() - departure.getMin()).as("bytes per departure " + departures)
                    .isLessThanOrEqualTo(SLACK);
            assertThat(departure.getMax()).as("bytes per departure " + departures).isLessThan(600);
        }
    }
}
