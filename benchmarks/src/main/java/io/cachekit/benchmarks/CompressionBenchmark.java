package io.cachekit.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

import io.cachekit.cache.entry.EntryCodec;

/**
 * Cost of cachekit's entry codec on a realistic 10 KB JSON value: plain and LZ4-compressed encode and
 * decode, in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CompressionBenchmark {

	private final EntryCodec codec = new EntryCodec();

	private byte[] json;

	private byte[] plain;

	private byte[] compressed;

	@Setup
	public void setUp() {
		this.json = JsonMapper.builder().build().writeValueAsBytes(CachekitReadBenchmark.largeRealistic());
		this.plain = encodePlain();
		this.compressed = encodeLz4();
	}

	@Benchmark
	public byte[] encodePlain() {
		return this.codec.encode(this.json, 1, 0, 0, new String[0], new long[0], 0);
	}

	@Benchmark
	public byte[] encodeLz4() {
		return this.codec.encode(this.json, 1, 0, 0, new String[0], new long[0], 2048);
	}

	@Benchmark
	public Object decodePlain() {
		return this.codec.decode(this.plain);
	}

	@Benchmark
	public Object decodeLz4() {
		return this.codec.decode(this.compressed);
	}

}
