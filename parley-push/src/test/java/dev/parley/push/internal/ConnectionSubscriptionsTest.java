package dev.parley.push.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.push.PushConfig;
import dev.parley.push.SubscribeAuthorizer;
import dev.parley.push.TopicEvent;
import dev.parley.push.Topics;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionSubscriptionsTest {
    private Topics topics;

    @AfterEach
    void closeHub() {
        topics.close();
    }

    @Test
    void aRefusedTopicLeavesNothingBehind() throws RequestError {
        topics = Topics.create(PushConfig.defaults());
        ConnectionSubscriptions<String> connection = connection((topic, token) -> "ok".equals(token), null);
        assertThatThrownBy(() -> subscribe(connection, "private", null))
                .isInstanceOfSatisfying(RequestError.class, e -> assertThat(e.code()).isEqualTo("forbidden"));
        assertThat(topics.topicCount()).isZero();
        assertThat(connection.count()).isZero();
        subscribe(connection, "private", "ok");
        assertThat(connection.count()).isEqualTo(1);
    }

    @Test
    void theConnectionsTokenAppliesWhenTheRequestHasNone() throws RequestError {
        topics = Topics.create(PushConfig.defaults());
        ConnectionSubscriptions<String> connection = connection((topic, token) -> "ok".equals(token), "ok");
        subscribe(connection, "private", null);
        assertThatThrownBy(() -> subscribe(connection, "private-too", "wrong"))
                .isInstanceOfSatisfying(RequestError.class, e -> assertThat(e.code()).isEqualTo("forbidden"));
    }

    @Test
    void aFailingAuthorizerIsAnInternalErrorNotAnAcceptance() {
        topics = Topics.create(PushConfig.defaults());
        ConnectionSubscriptions<String> connection = connection((topic, token) -> {
            throw new IllegalStateException("key store unavailable");
        }, null);
        assertThatThrownBy(() -> subscribe(connection, "prices", null))
                .isInstanceOfSatisfying(RequestError.class, e -> assertThat(e.code()).isEqualTo("internal_error"));
        assertThat(connection.count()).isZero();
    }

    @Test
    void theHubsTopicLimitIsAnErrorAndTheConnectionGoesOn() throws RequestError {
        topics = Topics.create(PushConfig.defaults().withMaxTopics(2));
        ConnectionSubscriptions<String> connection = connection(SubscribeAuthorizer.PUBLIC, null);
        subscribe(connection, "a", null);
        subscribe(connection, "b", null);
        assertThatThrownBy(() -> subscribe(connection, "c", null))
                .isInstanceOfSatisfying(RequestError.class, e -> {
                    assertThat(e.code()).isEqualTo("too_many_topics");
                    assertThat(e.topic()).isEqualTo("c");
                });
        assertThat(connection.count()).isEqualTo(2);
        assertThat(connection.unsubscribe("a")).isTrue();
        assertThat(connection.unsubscribe("a")).isFalse();
        subscribe(connection, "c", null);
    }

    @Test
    void closingLeavesEveryTopicAndIgnoresLaterSubscriptions() throws RequestError {
        topics = Topics.create(PushConfig.defaults());
        List<String> left = new CopyOnWriteArrayList<>();
        TopicFanouts<String> fanouts = new TopicFanouts<>(topics, new FanoutSink<>() {
            @Override
            public void broadcast(TopicEvent event, Collection<String> members) {
            }

            @Override
            public void replay(String member, TopicEvent event) {
            }

            @Override
            public void gap(String member, String topic) {
            }

            @Override
            public void left(String member, String topic) {
                left.add(topic);
            }
        }, Long.MAX_VALUE);
        ConnectionSubscriptions<String> connection = new ConnectionSubscriptions<>("c", fanouts,
                SubscribeAuthorizer.PUBLIC, 10, null);
        connection.subscribe(new SubscribeRequest("a", -1, null), () -> { });
        connection.subscribe(new SubscribeRequest("b", -1, null), () -> { });
        connection.closeAll();
        assertThat(left).containsExactlyInAnyOrder("a", "b");
        assertThat(fanouts.topicCount()).isZero();
        connection.subscribe(new SubscribeRequest("c", -1, null), () -> { });
        assertThat(connection.count()).isZero();
        assertThat(fanouts.topicCount()).isZero();
    }

    @Test
    void anEventPublishedRightAfterTheConfirmationOfALiveSubscriptionReachesIt() throws RequestError {
        topics = Topics.create(PushConfig.defaults());
        List<Long> received = new CopyOnWriteArrayList<>();
        TopicFanouts<String> fanouts = new TopicFanouts<>(topics, new FanoutSink<>() {
            @Override
            public void broadcast(TopicEvent event, Collection<String> members) {
                members.forEach(member -> received.add(event.id()));
            }

            @Override
            public void replay(String member, TopicEvent event) {
                received.add(event.id());
            }

            @Override
            public void gap(String member, String topic) {
                received.add(-1L);
            }
        }, Long.MAX_VALUE);
        topics.publish("quotes", "0"); // before the subscription: not for a live-only subscriber
        ConnectionSubscriptions<String> connection = new ConnectionSubscriptions<>("c", fanouts,
                SubscribeAuthorizer.PUBLIC, 10, null);
        List<TopicEvent> published = new CopyOnWriteArrayList<>();
        // The confirmation is out: a client (or its backend) that sees it publishes at once, before the join.
        connection.subscribe(new SubscribeRequest("quotes", -1, null), () -> published.add(topics.publish("quotes", "1")));
        published.add(topics.publish("quotes", "2"));
        assertThat(received).containsExactly(published.get(0).id(), published.get(1).id());
    }

    private ConnectionSubscriptions<String> connection(SubscribeAuthorizer authorizer, String token) {
        TopicFanouts<String> fanouts = new TopicFanouts<>(topics, new FanoutSink<>() {
            @Override
            public void broadcast(TopicEvent event, Collection<String> members) {
            }

            @Override
            public void replay(String member, TopicEvent event) {
            }

            @Override
            public void gap(String member, String topic) {
            }
        }, Long.MAX_VALUE);
        return new ConnectionSubscriptions<>("c", fanouts, authorizer, 10, token);
    }

    private static void subscribe(ConnectionSubscriptions<String> connection, String topic, String token)
            throws RequestError {
        connection.subscribe(new SubscribeRequest(topic, -1, token), () -> { });
    }
}
