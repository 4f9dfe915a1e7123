package io.cachekit.cache.entry;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts cached values to and from JSON with Jackson, always reading into the caller's declared type:
 * no polymorphic default typing and no JDK serialization, so stored bytes can never choose which class
 * gets instantiated. Unknown properties (a foreign {@code @class}, an old schema) fail the read, which the
 * cache turns into a miss.
 */
public final class CacheValueMapper {

	private final JsonMapper mapper;

	private final JavaType untyped;

	private final Map<JavaType, ObjectReader> readers = new ConcurrentHashMap<>();

	private final Map<JavaType, ObjectReader> documentReaders = new ConcurrentHashMap<>();

	/**
	 * Creates a mapper from a builder, enabling the strict features cachekit relies on.
	 * @param mapper the base mapper (its settings are kept, unknown properties always fail)
	 */
	public CacheValueMapper(JsonMapper mapper) {
		this.mapper = mapper.rebuild()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build();
		this.untyped = this.mapper.constructType(Object.class);
	}

	/**
	 * The Jackson type of a Java type.
	 * @param type the type
	 * @return the Jackson type
	 */
	public JavaType type(Type type) {
		return this.mapper.constructType(type);
	}

	/**
	 * Writes a value.
	 * @param value the value
	 * @param type the declared type, or {@code null} for the value's class
	 * @return the JSON bytes
	 */
	public byte[] write(Object value, JavaType type) {
		if (type == null || type.isJavaLangObject()) {
			return this.mapper.writeValueAsBytes(value);
		}
		return this.mapper.writerFor(type).writeValueAsBytes(value);
	}

	/**
	 * Reads a value.
	 * @param json the JSON bytes
	 * @param type the declared type, or {@code null} for untyped JSON
	 * @return the value
	 */
	public Object read(byte[] json, JavaType type) {
		return read(json, 0, json.length, type);
	}

	/**
	 * Reads a value from part of a buffer.
	 * @param buffer the bytes
	 * @param offset where the JSON starts
	 * @param length the JSON's length
	 * @param type the declared type, or {@code null} for untyped JSON
	 * @return the value
	 */
	public Object read(byte[] buffer, int offset, int length, JavaType type) {
		JavaType target = (type != null) ? type : this.untyped;
		ObjectReader reader = this.readers.get(target);
		if (reader == null) {
			reader = this.readers.computeIfAbsent(target, this.mapper::readerFor);
		}
		return reader.readValue(buffer, offset, length);
	}

	/**
	 * Reads a value that comes as a database document rather than as a cached entry, such as a write-behind
	 * save served before the worker stored it: fields the type does not have (the {@code version} the worker
	 * adds) are skipped. Otherwise as strict as {@link #read(byte[], JavaType)}.
	 * @param json the JSON bytes
	 * @param type the declared type, or {@code null} for untyped JSON
	 * @return the value
	 */
	public Object readDocument(byte[] json, JavaType type) {
		JavaType target = (type != null) ? type : this.untyped;
		return this.documentReaders
			.computeIfAbsent(target,
					(key) -> this.mapper.readerFor(key).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
			.readValue(json);
	}

}
