package dev.parley.socketio.parser;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;

/**
 * Whether an ObjectMapper reads and writes plain JSON values exactly as Jackson's defaults do: then
 * {@link JsonParser} may read and write them itself ({@link JsonValueReader}, {@link JsonDataWriter}), with
 * the same result and without Jackson's per-call objects. A mapper with any feature changed (comments
 * allowed, big decimals for floats, sorted map keys, non-ASCII escaped, null map values left out, ...) goes
 * through Jackson for everything, as before. Serializers that a module registers for JDK types
 * ({@code String}, {@code Map}, {@code List}, boxed numbers) are not looked for: no module is expected to
 * replace those.
 */
final class JacksonDefaults {
    private static final ObjectMapper DEFAULTS = new ObjectMapper();

    private JacksonDefaults() {
    }

    static boolean hasDefaultFeatures(ObjectMapper mapper) {
        JsonFactory factory = mapper.getFactory();
        JsonFactory defaultFactory = DEFAULTS.getFactory();
        SerializationConfig serialization = mapper.getSerializationConfig();
        SerializationConfig defaultSerialization = DEFAULTS.getSerializationConfig();
        return factory.getClass() == defaultFactory.getClass()
                && factory.getParserFeatures() == defaultFactory.getParserFeatures()
                && factory.getFormatParserFeatures() == defaultFactory.getFormatParserFeatures()
                && factory.getGeneratorFeatures() == defaultFactory.getGeneratorFeatures()
                && factory.getFormatGeneratorFeatures() == defaultFactory.getFormatGeneratorFeatures()
                && factory.getCharacterEscapes() == null
                && serialization.getSerializationFeatures() == defaultSerialization.getSerializationFeatures()
                && serialization.getDefaultPropertyInclusion().equals(defaultSerialization.getDefaultPropertyInclusion())
                && serialization.getDefaultPropertyInclusion(java.util.Map.class)
                        .equals(defaultSerialization.getDefaultPropertyInclusion(java.util.Map.class))
                && mapper.getDeserializationConfig().getDeserializationFeatures()
                        == DEFAULTS.getDeserializationConfig().getDeserializationFeatures();
    }
}
