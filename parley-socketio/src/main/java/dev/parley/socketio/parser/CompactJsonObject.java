package dev.parley.socketio.parser;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A decoded JSON object of at most {@value #MAX_DECODED_ENTRIES} entries: an ordered, mutable {@code Map}
 * over one array of keys and values. A {@code LinkedHashMap} of two entries takes 168 bytes, this one 56:
 * most objects in events are that small, and the parser's allocation target is 300 bytes per small event
 * (issue 16). Lookups scan the array, which is why the reader switches to a {@code LinkedHashMap} for larger
 * objects; application code that grows one of these maps gets linear lookups, still correct.
 */
final class CompactJsonObject extends AbstractMap<String, Object> {
    /** The reader's switch to {@code LinkedHashMap}: above this, linear scans would cost more than they save. */
    static final int MAX_DECODED_ENTRIES = 8;

    private Object[] keysAndValues = new Object[4];
    private int size;
    private int modCount;

    /** True when a new key (not yet present) would take the map past {@link #MAX_DECODED_ENTRIES}. */
    boolean isFull() {
        return size >= MAX_DECODED_ENTRIES;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < size; i++) {
            if (Objects.equals(keysAndValues[2 * i], key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : keysAndValues[2 * i + 1];
    }

    @Override
    public Object put(String key, Object value) {
        int i = indexOf(key);
        if (i >= 0) {
            Object old = keysAndValues[2 * i + 1];
            keysAndValues[2 * i + 1] = value;
            return old;
        }
        if (2 * size == keysAndValues.length) {
            keysAndValues = Arrays.copyOf(keysAndValues, keysAndValues.length * 2);
        }
        keysAndValues[2 * size] = key;
        keysAndValues[2 * size + 1] = value;
        size++;
        modCount++;
        return null;
    }

    @Override
    public Object remove(Object key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        Object old = keysAndValues[2 * i + 1];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        System.arraycopy(keysAndValues, 2 * i + 2, keysAndValues, 2 * i, 2 * (size - i - 1));
        size--;
        keysAndValues[2 * size] = null;
        keysAndValues[2 * size + 1] = null;
        modCount++;
    }

    @Override
    public void clear() {
        Arrays.fill(keysAndValues, 0, 2 * size, null);
        size = 0;
        modCount++;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Entries();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private final class Entries implements Iterator<Entry<String, Object>> {
        private int next;
        private int last = -1;
        private int expectedModCount = modCount;

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public Entry<String, Object> next() {
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            if (next >= size) {
                throw new NoSuchElementException();
            }
            last = next++;
            return new Slot(last);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            removeAt(last);
            next = last;
            last = -1;
            expectedModCount = modCount;
        }
    }

    /** An entry that writes through to its slot (valid until the map's structure changes). */
    private final class Slot implements Entry<String, Object> {
        private final int index;

        Slot(int index) {
            this.index = index;
        }

        @Override
        public String getKey() {
            return (String) keysAndValues[2 * index];
        }

        @Override
        public Object getValue() {
            return keysAndValues[2 * index + 1];
        }

        @Override
        public Object setValue(Object value) {
            Object old = keysAndValues[2 * index + 1];
            keysAndValues[2 * index + 1] = value;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry<?, ?> e && Objects.equals(getKey(), e.getKey())
                    && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}
