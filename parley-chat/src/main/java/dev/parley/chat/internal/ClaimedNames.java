package dev.parley.chat.internal;

import dev.parley.chat.store.ChatStore;
import java.util.function.UnaryOperator;

/** Who a name means: the claimed nickname that is the same name after NFKC and case folding (docs/chat.md, "Names"). */
final class ClaimedNames {
    private ClaimedNames() {
    }

    /** The lookup in {@code store}: a (normalised) name to its claimed nickname, or null if nobody claimed it. */
    static UnaryOperator<String> in(ChatStore store) {
        return name -> {
            for (String claimed : store.nicknamesLike(name, Nicknames.skeleton(name))) {
                if (Nicknames.sameName(claimed, name)) {
                    return claimed;
                }
            }
            return null;
        };
    }
}
