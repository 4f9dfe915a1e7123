package io.cachekit.worker.consume;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;

import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.ExceptionHeadersCreator;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames;
import org.springframework.kafka.listener.ErrorHandlingUtils;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Writes the {@code kafka_dlt-exception-*} headers of a dead letter (class, cause class, message, stack trace)
 * as Spring Kafka does, except for the message of a record that could not be read: Spring Kafka's
 * deserializer wrapper says only "failed to deserialize", so the reason the envelope was refused is appended.
 */
class DeadLetterExceptionHeaders implements ExceptionHeadersCreator {

	@Override
	public void create(Headers headers, Exception exception, boolean isKey, HeaderNames names) {
		HeaderNames.ExceptionInfo info = names.getExceptionInfo();
		Exception failure = ErrorHandlingUtils.findRootCause(exception);
		put(headers, isKey ? info.getKeyExceptionFqcn() : info.getExceptionFqcn(), exception.getClass().getName());
		if (!isKey && failure != null && failure.getCause() != null) {
			put(headers, info.getExceptionCauseFqcn(), failure.getCause().getClass().getName());
		}
		put(headers, isKey ? info.getKeyExceptionMessage() : info.getExceptionMessage(), message(exception, failure));
		put(headers, isKey ? info.getKeyExceptionStacktrace() : info.getExceptionStacktrace(), stackTrace(exception));
	}

	private static String message(Exception exception, Exception failure) {
		String message = (failure != null) ? failure.getMessage() : exception.getMessage();
		if (failure instanceof DeserializationException && failure.getCause() != null
				&& failure.getCause().getMessage() != null) {
			return message + ": " + failure.getCause().getMessage();
		}
		return (message != null) ? message : exception.getClass().getName();
	}

	private static String stackTrace(Throwable exception) {
		StringWriter trace = new StringWriter();
		exception.printStackTrace(new PrintWriter(trace, true));
		return trace.toString();
	}

	private static void put(Headers headers, String name, String value) {
		headers.remove(name);
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
