/**
 * Small helpers shared by the feature packages, such as evaluating SpEL keys against a method
 * invocation.
 */
package io.cachekit.support;
