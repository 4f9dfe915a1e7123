/**
 * The welcome page at {@code /} (static HTML and JavaScript under {@code static/}) and the one endpoint it
 * needs beyond Actuator: the write-behind worker's lag, read from the worker's own metrics.
 */
package io.cachekit.demo.welcome;
