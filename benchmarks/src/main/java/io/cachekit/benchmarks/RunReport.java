package io.cachekit.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stand-alone runs ({@link OfferedLoadRun}, {@link HttpWriteRun}) share: {@code --name value}
 * arguments, and a Markdown table written to a file and printed.
 */
final class RunReport {

	private RunReport() {
	}

	/**
	 * Reads {@code --name value} pairs.
	 * @param args the command line
	 * @return the values by name, in order
	 */
	static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		return options;
	}

	/**
	 * Writes a titled Markdown table to {@code out} and prints it.
	 * @param out the file
	 * @param title the first line, e.g. the run's options
	 * @param header the table's header and separator lines
	 * @param rows the table's rows
	 * @throws IOException if the file cannot be written
	 */
	static void write(Path out, String title, String header, List<String> rows) throws IOException {
		StringBuilder text = new StringBuilder(title).append("\n\n").append(header);
		rows.forEach((row) -> text.append(row).append('\n'));
		if (out.getParent() != null) {
			Files.createDirectories(out.getParent());
		}
		Files.writeString(out, text);
		System.out.println(text);
	}

}
