package dev.parley.socketio.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decoded objects' map behaves as a {@code LinkedHashMap} would, for every operation applications use. */
class CompactJsonObjectTest {

    @Test
    void randomOperationsMatchALinkedHashMap() {
        Random random = new Random(16);
        for (int round = 0; round < 200; round++) {
            CompactJsonObject compact = new CompactJsonObject();
            Map<String, Object> reference = new LinkedHashMap<>();
            for (int op = 0; op < 40; op++) {
                String key = "k" + random.nextInt(12);
                Integer value = random.nextInt(100);
                switch (random.nextInt(5)) {
                    case 0, 1 -> assertThat(compact.put(key, value)).isEqualTo(reference.put(key, value));
                    case 2 -> assertThat(compact.remove(key)).isEqualTo(reference.remove(key));
                    case 3 -> {
                        Iterator<Map.Entry<String, Object>> it = compact.entrySet().iterator();
                        Iterator<Map.Entry<String, Object>> ref = reference.entrySet().iterator();
                        while (it.hasNext()) {
                            Map.Entry<String, Object> e = it.next();
                            ref.next();
                            if (e.getKey().equals(key)) {
                                it.remove();
                                ref.remove();
                            } else {
                                e.setValue(value);
                                reference.put(e.getKey(), value);
                            }
                        }
                    }
                    default -> assertThat(compact.get(key)).isEqualTo(reference.get(key));
                }
                assertThat(compact).isEqualTo(reference);
                assertThat(reference).isEqualTo(compact);
                assertThat(compact.hashCode()).isEqualTo(reference.hashCode());
                assertThat(compact.toString()).isEqualTo(reference.toString());
                assertThat(List.copyOf(compact.keySet())).isEqualTo(List.copyOf(reference.keySet()));
                assertThat(compact.containsKey(key)).isEqualTo(reference.containsKey(key));
            }
        }
    }

    @Test
    void nullValuesAreKeptAndAddingDuringIterationFails() {
        CompactJsonObject map = new CompactJsonObject();
        map.put("a", null);
        assertThat(map).containsEntry("a", null).hasSize(1);
        Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator();
        map.put("b", 1);
        assertThatThrownBy(it::next).isInstanceOf(ConcurrentModificationException.class);
        map.clear();
        assertThat(map).isEmpty();
    }
}
