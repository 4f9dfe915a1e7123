/**
 * Small pieces shared by features: caching switched on and numeric id sequences in MongoDB.
 */
package io.cachekit.demo.support;
