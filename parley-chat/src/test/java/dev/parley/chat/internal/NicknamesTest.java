package dev.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The name rules without sockets: NFKC, invisible characters, skeletons, room names (docs/chat.md, "Names"). */
class NicknamesTest {
    @Test
    void namesAreTakenInNfkcAndTrimmed() {
        assertThat(Nicknames.normalize("\u3000\uff41\uff4c\uff49\uff43\uff45 ")).isEqualTo("alice");
        assertThat(Nicknames.normalize("\ufb01sh")).isEqualTo("fish"); // the fi ligature
    }

    @Test
    void invisibleAndDirectionCharactersAreRefused() {
        for (String name : new String[] {"ali\u200bce", "alice\u200e", "\u202eecila", "al\u2066ice", "a\u3164b",
                "a\ufe0fb", "a\u2028b", "a\ue000b"}) {
            assertThat(Nicknames.problem(Nicknames.normalize(name))).as(name).isNotNull();
        }
        assertThat(Nicknames.problem("Zoë O'Brien")).isNull();
        assertThat(Nicknames.normalize("a\u00a0b")).isEqualTo("a b"); // NFKC: a no-break space is a space
        assertThat(Nicknames.problem("\u0437\u043e\u044f")).isNull(); // Cyrillic on its own is a name
    }

    @Test
    void lookAlikesHaveOneSkeleton() {
        String alice = Nicknames.skeleton("alice");
        assertThat(Nicknames.skeleton("ALICE")).isEqualTo(alice);
        assertThat(Nicknames.skeleton("\u0430lice")).isEqualTo(alice);
        assertThat(Nicknames.skeleton("\u0430lic\u0435")).isEqualTo(alice);
        assertThat(Nicknames.skeleton("alicia")).isNotEqualTo(alice);
        assertThat(Nicknames.problem("\u0430nnouncement")).isEqualTo("That nickname is reserved");
        assertThat(Nicknames.sameName("Bob", "bOB")).isTrue();
        assertThat(Nicknames.sameName("bob", "b\u043eb")).isFalse(); // a look-alike is not the same name
    }

    @Test
    void roomNamesAreNfkcLowerCaseWithoutTheirHash() {
        assertThat(Nicknames.room("#\uff27\uff25\uff2e\uff25\uff32\uff21\uff2c")).isEqualTo("general");
        assertThat(Nicknames.room("Stra\u00dfe")).isEqualTo("stra\u00dfe"); // as stored before: not "strasse"
        assertThat(Nicknames.room("team chat")).isNull();
        assertThat(Nicknames.room("gen\u200beral")).isNull();
    }
}
