/**
 * The cachekit demo application: one package per feature, each showing one caching pattern.
 */
package io.cachekit.demo;
