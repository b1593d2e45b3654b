package dev.parley.chat.internal;

import dev.parley.chat.store.ChatMessage;
import dev.parley.chat.store.FileMeta;
import dev.parley.chat.store.ChatStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Messages as the clients see them (the wire format documented in docs/chat.md). */
public final class MessageViews {
    private MessageViews() {
    }

    public static Map<String, Object> of(ChatMessage m, ChatStore store) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", m.id());
        view.put("clientId", m.clientId());
        view.put("from", m.sender());
        if (m.room() != null) {
            view.put("room", m.room());
        }
        if (m.recipient() != null) {
            view.put("to", m.recipient());
        }
        view.put("text", m.text());
        view.put("ts", m.createdAt());
        if (m.fileId() != null) {
            store.file(m.fileId()).ifPresent(f -> view.put("file", file(f)));
        }
        // One rule live and stored (issue 17, item 8): a room message is "delivered" once another member's client
        // acknowledged it, as the sender's tabs were told live; only private messages are read.
        if (m.isPrivate() || m.room() != null) {
            view.put("status", m.readAt() != null ? "read" : m.deliveredAt() != null ? "delivered" : "sent");
        }
        // Edited: the time of the latest edit; deleted: a tombstone (its text is "", its file gone) with who did it.
        if (m.editedAt() != null) {
            view.put("edited", m.editedAt());
        }
        if (m.isDeleted()) {
            view.put("deleted", m.deletedAt());
            view.put("deletedBy", m.deletedBy());
        }
        return view;
    }

    public static List<Map<String, Object>> of(List<ChatMessage> messages, ChatStore store) {
        // Their mentions with one query for the page, not one per message; only a text with an @ can have any.
        Map<Long, List<String>> mentioned = store.mentionsOf(messages.stream()
                .filter(m -> m.room() != null && m.text().indexOf('@') >= 0).map(ChatMessage::id).toList());
        return messages.stream().map(m -> MentionEvents.withMentions(of(m, store), mentioned.get(m.id()))).toList();
    }

    public static Map<String, Object> file(FileMeta f) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", f.id());
        view.put("name", f.name());
        view.put("type", f.contentType());
        view.put("size", f.size());
        view.put("url", "/files/" + f.id());
        view.put("image", f.isImage());
        return view;
    }
}
