/**
 * The zero-setup local run: real Redis, Kafka and MongoDB servers on documented loopback ports, with
 * the demo app and the worker started as child processes and stopped together on Ctrl-C.
 */
package io.cachekit.devstack;
