/**
 * The welcome page at {@code /} (static HTML and JavaScript under {@code static/}) and the public endpoints it
 * reads: cache activity and 429s from this application's meters, and the write-behind worker's lag from the
 * worker's own metrics. Actuator is for admins; health is the one management endpoint the page reads.
 */
package io.cachekit.demo.welcome;
