package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import dev.parley.websocket.WebSocketSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where handlers run, per {@link HandlerExecution}, seen by a real client: the JDK's WebSocket client sends
 * "thread?" and the endpoint answers with the name of the thread its handler ran on.
 */
class HandlerExecutionIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private ParleyServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    /** Answers every text with a description of the handler's thread. */
    private static final class ThreadReporter implements WebSocketListener {
        @Override
        public void onText(WebSocketSession session, String text) {
            Thread t = Thread.currentThread();
            session.sendText((isVirtual(t) ? "virtual " : "platform ") + t.getName());
        }
    }

    private static boolean isVirtual(Thread t) {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (ReflectiveOperationException notBefore21) {
            return false;
        }
    }

    /** The JDK's WebSocket client, connected to {@code path} of the running server. */
    private WebSocket connect(String path, WebSocket.Listener listener) throws Exception {
        return http.newWebSocketBuilder()
                .buildAsync(URI.create(server.url().replace("http://", "ws://") + path), listener)
                .get(10, TimeUnit.SECONDS);
    }

    private String handlerThread(HandlerExecution execution) throws Exception {
        server = new ParleyServer(ServerConfig.builder().port(0).handlerExecution(execution).build())
                .addEndpoint(WebSocketEndpoint.builder("/ws/thread", new ThreadReporter()).build())
                .start();
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket socket = connect("/ws/thread", new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        answer.complete(data.toString());
                        return null;
                    }
                });
        socket.sendText("thread?", true).join();
        String thread = answer.get(10, TimeUnit.SECONDS);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        return thread;
    }

    @Test
    void eventLoopHandlersRunOnTheConnectionsIoThread() throws Exception {
        assertThat(handlerThread(HandlerExecution.EVENT_LOOP)).startsWith("platform parley-io");
    }

    /**
     * On the event loop a handler's own send must not overtake a broadcast it made first (the broadcast is
     * queued to the loop), nor may its close overtake its last message.
     */
    @Test
    void eventLoopHandlersKeepTheOrderOfBroadcastsSendsAndClose() throws Exception {
        WebSocketEndpoint[] endpoint = new WebSocketEndpoint[1];
        endpoint[0] = WebSocketEndpoint.builder("/ws/order", new WebSocketListener() {
            @Override
            public void onText(WebSocketSession session, String text) {
                endpoint[0].broadcastText("1 broadcast");
                session.sendText("2 send");
                endpoint[0].broadcastText("3 broadcast");
                session.sendText("4 last");
                session.close(1000, "done");
            }
        }).build();
        server = new ParleyServer(ServerConfig.builder().port(0).handlerExecution(HandlerExecution.EVENT_LOOP).build())
                .addEndpoint(endpoint[0])
                .start();
        List<String> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket = connect("/ws/order", new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        received.add(data.toString());
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                });
        socket.sendText("go", true).join();
        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(received).containsExactly("1 broadcast", "2 send", "3 broadcast", "4 last");
    }

    /**
     * A handler that sends from several threads at once: every frame arrives (the last send of a burst
     * flushes, with no flush task behind it) and each thread's frames keep their order. Every mode.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = HandlerExecution.class, names = {"AUTO", "THREAD_POOL", "EVENT_LOOP"})
    void sendsFromSeveralThreadsAllArriveInEachThreadsOrder(HandlerExecution execution) throws Exception {
        int threads = 4;
        int each = 500;
        server = new ParleyServer(ServerConfig.builder().port(0).handlerExecution(execution).build())
                .addEndpoint(WebSocketEndpoint.builder("/ws/many", new WebSocketListener() {
                    @Override
                    public void onText(WebSocketSession session, String text) {
                        for (int t = 0; t < threads; t++) {
                            int thread = t;
                            new Thread(() -> {
                                for (int i = 0; i < each; i++) {
                                    session.sendText(thread + ":" + i);
                                }
                            }).start();
                        }
                    }
                }).build())
                .start();
        List<String> received = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(threads * each);
        WebSocket socket = connect("/ws/many", new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        received.add(data.toString());
                        all.countDown();
                        ws.request(1);
                        return null;
                    }
                });
        socket.sendText("go", true).join();
        assertThat(all.await(30, TimeUnit.SECONDS)).as("%d frames never arrived", all.getCount()).isTrue();
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            List<String> ofThread = received.stream().filter(m -> m.startsWith(prefix)).toList();
            assertThat(ofThread).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, each).mapToObj(i -> prefix + i).toList());
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    @Test
    void stopFromAnEventLoopHandlerIsRefusedWithAReason() throws Exception {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        server = new ParleyServer(ServerConfig.builder().port(0).handlerExecution(HandlerExecution.EVENT_LOOP).build())
                .addEndpoint(WebSocketEndpoint.builder("/ws/stop", new WebSocketListener() {
                    @Override
                    public void onText(WebSocketSession session, String text) {
                        try {
                            server.stop();
                            outcome.complete("stopped");
                        } catch (Exception e) {
                            outcome.complete(e.getMessage());
                        }
                    }
                }).build())
                .start();
        WebSocket socket = connect("/ws/stop", new WebSocket.Listener() { });
        socket.sendText("stop", true).join();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).contains("call it from another thread");
    }

    @Test
    void threadPoolHandlersRunOffTheIoThreads() throws Exception {
        assertThat(handlerThread(HandlerExecution.THREAD_POOL)).startsWith("platform parley-handler");
    }

    @Test
    void autoUsesVirtualThreadsFromJava21AndAPoolBefore() throws Exception {
        String thread = handlerThread(HandlerExecution.AUTO);
        if (Runtime.version().feature() >= 21) {
            assertThat(thread).startsWith("virtual ");
        } else {
            assertThat(thread).startsWith("platform parley-handler");
        }
    }

    @Test
    void virtualThreadsAreRefusedWithAReasonBeforeJava21() throws Exception {
        if (Runtime.version().feature() >= 21) {
            assertThat(handlerThread(HandlerExecution.VIRTUAL_THREADS)).startsWith("virtual ");
        } else {
            ParleyServer refused = new ParleyServer(ServerConfig.builder().port(0)
                    .handlerExecution(HandlerExecution.VIRTUAL_THREADS).build());
            assertThatThrownBy(refused::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Java 21");
        }
    }
}
