package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventHandlerTableTest {
    private static final EventHandler A = args -> { };
    private static final EventHandler B = args -> { };
    private static final EventHandler C = args -> { };

    private static List<EventHandler> handlersOf(Object[] table, String event) {
        List<EventHandler> found = new ArrayList<>();
        for (int at = EventHandlerTable.next(table, event, 0); at >= 0; at = EventHandlerTable.next(table, event, at + 2)) {
            found.add(EventHandlerTable.handlerAt(table, at));
        }
        return found;
    }

    @Test
    void handlersOfAnEventAreFoundInTheOrderAddedWhateverTheStringInstance() {
        Object[] table = EventHandlerTable.EMPTY;
        table = EventHandlerTable.with(table, "chat", A);
        table = EventHandlerTable.with(table, "join", B);
        table = EventHandlerTable.with(table, "chat", C);
        assertThat(handlersOf(table, new String("chat"))).containsExactly(A, C);
        assertThat(handlersOf(table, "join")).containsExactly(B);
        assertThat(handlersOf(table, "leave")).isEmpty();
        assertThat(handlersOf(EventHandlerTable.EMPTY, "chat")).isEmpty();
    }

    @Test
    void withoutRemovesEveryHandlerOfTheEventAndLeavesTheTableItCameFrom() {
        Object[] table = EventHandlerTable.with(EventHandlerTable.with(EventHandlerTable.with(
                EventHandlerTable.EMPTY, "chat", A), "join", B), "chat", C);
        Object[] without = EventHandlerTable.without(table, "chat");
        assertThat(handlersOf(without, "chat")).isEmpty();
        assertThat(handlersOf(without, "join")).containsExactly(B);
        assertThat(without).hasSize(2);
        assertThat(handlersOf(table, "chat")).as("tables are immutable").containsExactly(A, C);
        assertThat(EventHandlerTable.without(table, "other")).isSameAs(table);
        assertThat(EventHandlerTable.without(without, "join")).isSameAs(EventHandlerTable.EMPTY);
    }
}
