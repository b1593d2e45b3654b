package dev.parley.server.builtin;

import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import dev.parley.websocket.WebSocketSession;

/**
 * {@code /ws/chat}: one broadcast room, like the classic {@code nodejs-websocket} example. A client's
 * first text message is its nickname; each later one is sent to everyone as {@code "nick: text"}, and
 * arrivals and departures are announced. Messages are plain text lines.
 */
public final class ChatRoomEndpoint implements WebSocketListener {
    public static final String PATH = "/ws/chat";
    private static final String NICK = "nick";
    private static final int MAX_NICK_LENGTH = 32;

    private ChatRoomEndpoint() {
    }

    public static WebSocketEndpoint create() {
        return WebSocketEndpoint.builder(PATH, new ChatRoomEndpoint()).build();
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        String nick = session.attribute(NICK, String.class).orElse(null);
        if (nick == null) {
            String chosen = text.strip();
            if (chosen.isEmpty() || chosen.length() > MAX_NICK_LENGTH || chosen.chars().anyMatch(Character::isISOControl)) {
                session.sendText("* Choose a nickname of 1-" + MAX_NICK_LENGTH + " characters");
                return;
            }
            session.attribute(NICK, chosen);
            session.endpoint().broadcastText("* " + chosen + " joined");
            return;
        }
        session.endpoint().broadcastText(nick + ": " + text);
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
        session.attribute(NICK, String.class)
                .ifPresent(nick -> session.endpoint().broadcastText("* " + nick + " left"));
    }
}
