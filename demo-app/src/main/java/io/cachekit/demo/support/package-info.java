/**
 * Small helpers shared by features: numeric id sequences in MongoDB.
 */
package io.cachekit.demo.support;
