package io.eventide.sdk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.IOException;

/**
 * The {@link Type} behind {@link Types#json}: one per class, created once and kept with the class
 * itself (a {@link ClassValue}), so that {@code message.as(Types.json(Order.class))} in a handler
 * is cheap and so that the Jackson caches that refer to a deployed jar's classes are collected with
 * that jar's class loader instead of being pinned by the SDK.
 *
 * <p>Reading is lenient so that state written by an earlier version of a class stays readable after
 * a redeploy (the rule is in {@link Types#json}): unknown properties are skipped, and a missing or
 * {@code null} property leaves the field at its default ({@code null}, {@code 0}, {@code false} for
 * a record component; the field initializer for a class).
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: Jackson readers and writers are immutable.
 */
final class JsonType<T> implements Type<T> {
  private static final ClassValue<JsonType<?>> BY_CLASS =
      new ClassValue<>() {
        @Override
        protected JsonType<?> computeValue(Class<?> type) {
          return new JsonType<>(type);
        }
      };

  private final Class<T> type;
  private final ObjectReader reader;
  private final ObjectWriter writer;

  private JsonType(Class<T> type) {
    this.type = type;
    // A mapper and type factory of its own: Jackson's shared TypeFactory cache would otherwise
    // keep user classes reachable from the SDK's class loader. No module discovery either: it
    // would depend on the thread's context class loader at first use.
    // The features are Jackson 2's defaults except FAIL_ON_UNKNOWN_PROPERTIES, but set here
    // anyway: Jackson 3 turns FAIL_ON_NULL_FOR_PRIMITIVES on, which would fail old state that
    // lacks a primitive component added since.
    ObjectMapper mapper =
        JsonMapper.builder()
            .typeFactory(TypeFactory.createDefaultInstance())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .build();
    this.reader = mapper.readerFor(type);
    this.writer = mapper.writerFor(type);
  }

  @SuppressWarnings("unchecked")
  static <T> JsonType<T> of(Class<T> type) {
    return (JsonType<T>) BY_CLASS.get(type);
  }

  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public byte[] encode(T value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot encode " + type.getName() + " as JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public T decode(byte[] bytes) {
    try {
      return reader.readValue(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not JSON of " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Type(application/json, " + type.getName() + ")";
  }
}
