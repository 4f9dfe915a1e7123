package io.cachekit.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs JMH benchmarks at one or more thread counts and writes a Markdown table of the results, with each
 * score's ratio to a baseline benchmark measured in the same run.
 * <p>
 * Arguments: {@code --include REGEX} (benchmarks to run), {@code --threads 1,8}, {@code --baseline NAME}
 * (method name the ratios are relative to), {@code --out FILE} (Markdown output), {@code --forks N} (JVM forks
 * per benchmark, default 1; more forks average out a noisy machine), {@code --rounds N} (run the whole
 * set N times in turn, so that every benchmark meets the same drift of a shared machine; the table then
 * shows the median score, the range of the rounds and the median and range of the per-round ratios),
 * {@code --param NAME=V1,V2} (run only these values of a {@code @Param}; several as
 * {@code NAME=V1;OTHER=V2,V3}), {@code --quick} (shorter iterations
 * for a smoke run).
 */
public final class BenchmarkRunner {

	private static final Map<String, String> scoresUnit = new LinkedHashMap<>();

	/** p50 and p99 of sample-time benchmarks, by label and thread count. */
	private static final Map<String, double[]> percentiles = new LinkedHashMap<>();

	private BenchmarkRunner() {
	}

	public static void main(String[] args) throws RunnerException, IOException {
		Map<String, String> options = parse(args);
		String include = options.getOrDefault("include", "AnchorReadBenchmark");
		String baseline = options.get("baseline");
		Path out = Path.of(options.getOrDefault("out", "docs/benchmarks/results.md"));
		boolean quick = options.containsKey("quick");
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "1"));
		List<String> rows = new ArrayList<>();
		for (String threadCount : options.getOrDefault("threads", "1,8").split(",")) {
			int threads = Integer.parseInt(threadCount.strip());
			int forks = Integer.parseInt(options.getOrDefault("forks", "1"));
			ChainedOptionsBuilder builder = new OptionsBuilder().include(include).threads(threads).forks(forks);
			if (options.containsKey("param")) {
				for (String assignment : options.get("param").split(";")) {
					String[] param = assignment.split("=", 2);
					builder.param(param[0].strip(), param[1].split(","));
				}
			}
			if (quick) {
				builder.warmupIterations(1).warmupTime(TimeValue.seconds(1)).measurementIterations(2)
					.measurementTime(TimeValue.seconds(2));
			}
			List<Map<String, double[]>> perRound = new ArrayList<>();
			for (int round = 0; round < rounds; round++) {
				perRound.add(run(builder));
			}
			for (String label : perRound.get(0).keySet()) {
				rows.add((rounds == 1) ? singleRow(label, threads, perRound.get(0), baseline)
						: roundsRow(label, threads, perRound, baseline));
			}
		}
		write(out, include, baseline, quick, rounds, rows, args);
	}

	private static Map<String, double[]> run(ChainedOptionsBuilder builder) throws RunnerException {
		Map<String, double[]> scores = new LinkedHashMap<>();
		for (RunResult result : new Runner(builder.build()).run()) {
			String label = result.getParams().getBenchmark();
			label = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
			String params = String.join(",", result.getParams().getParamsKeys().stream()
				.map((key) -> key + "=" + result.getParams().getParam(key)).toList());
			if (!params.isEmpty()) {
				label += " (" + params + ")";
			}
			scores.put(label, new double[] { result.getPrimaryResult().getScore(),
					result.getPrimaryResult().getScoreError() });
			if (result.getParams().getMode() == Mode.SampleTime) {
				percentiles.put(label + " | " + result.getParams().getThreads(),
						new double[] { result.getPrimaryResult().getStatistics().getPercentile(50),
								result.getPrimaryResult().getStatistics().getPercentile(99),
								result.getPrimaryResult().getStatistics().getN() });
			}
			scoresUnit.put(label, result.getPrimaryResult().getScoreUnit());
		}
		return scores;
	}

	private static double[] baselineScore(Map<String, double[]> scores, String baseline) {
		return (baseline != null) ? scores.entrySet().stream()
			.filter((e) -> e.getKey().endsWith("." + baseline) || e.getKey().contains("." + baseline + " "))
			.map(Map.Entry::getValue).findFirst().orElse(null) : null;
	}

	private static String singleRow(String label, int threads, Map<String, double[]> scores, String baseline) {
		double[] score = scores.get(label);
		double[] base = baselineScore(scores, baseline);
		String ratio = (base != null) ? String.format(Locale.ROOT, "%.2f×", score[0] / base[0]) : "";
		return String.format(Locale.ROOT, "| %s | %d | %,.1f | ± %,.1f | %s | %s |", label, threads, score[0],
				score[1], scoresUnit.get(label), ratio);
	}

	private static String roundsRow(String label, int threads, List<Map<String, double[]>> perRound,
			String baseline) {
		List<Double> scores = new ArrayList<>();
		List<Double> ratios = new ArrayList<>();
		for (Map<String, double[]> round : perRound) {
			double[] score = round.get(label);
			if (score == null) {
				continue;
			}
			scores.add(score[0]);
			double[] base = baselineScore(round, baseline);
			if (base != null) {
				ratios.add(score[0] / base[0]);
			}
		}
		String ratio = ratios.isEmpty() ? ""
				: String.format(Locale.ROOT, "%.2f× (%.2f–%.2f)", median(ratios), Collections.min(ratios),
						Collections.max(ratios));
		return String.format(Locale.ROOT, "| %s | %d | %,.1f | %,.0f–%,.0f | %s | %s |", label, threads,
				median(scores), Collections.min(scores), Collections.max(scores), scoresUnit.get(label), ratio);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static void write(Path out, String include, String baseline, boolean quick, int rounds,
			List<String> rows, String[] args) throws IOException {
		StringBuilder markdown = new StringBuilder();
		markdown.append("## ").append(include).append(" — ").append(LocalDate.now()).append("\n\n");
		markdown.append("Command: `java -jar benchmarks/target/benchmarks.jar ").append(String.join(" ", args))
			.append("`").append(quick ? " (quick smoke run: short iterations, wide errors)" : "").append("\n\n");
		markdown.append("JVM ").append(System.getProperty("java.vm.version")).append(", ")
			.append(Runtime.getRuntime().availableProcessors()).append(" cores, Redis at ")
			.append(BenchmarkRedis.endpoint().url()).append("\n\n");
		if (rounds > 1) {
			markdown.append(rounds).append(" rounds, run in turn: score is the median round, ratio the median of ")
				.append("the per-round ratios (range in brackets)\n\n");
		}
		markdown.append("| benchmark | threads | score | ").append((rounds > 1) ? "range of rounds" : "error (99.9%)")
			.append(" | unit | ratio to ").append(baseline != null ? baseline : "—")
			.append(" |\n|---|---:|---:|---:|---|---:|\n");
		rows.forEach((row) -> markdown.append(row).append('\n'));
		if (!percentiles.isEmpty()) {
			markdown.append("\nSample-time percentiles (every call of the measured iterations)\n\n")
				.append("| benchmark | threads | p50 | p99 | unit | calls |\n|---|---:|---:|---:|---|---:|\n");
			percentiles.forEach((label, values) -> markdown.append(String.format(Locale.ROOT,
					"| %s | %.3f | %.3f | %s | %,.0f |%n", label, values[0], values[1],
					scoresUnit.get(label.substring(0, label.lastIndexOf(" | "))), values[2])));
		}
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, markdown.toString());
		System.out.println(markdown);
		System.exit(0);
	}

	private static Map<String, String> parse(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("Unexpected argument '" + args[i] + "'");
			}
			String name = args[i].substring(2);
			boolean flag = (i + 1 == args.length) || args[i + 1].startsWith("--");
			options.put(name, flag ? "true" : args[++i]);
		}
		return options;
	}

}
