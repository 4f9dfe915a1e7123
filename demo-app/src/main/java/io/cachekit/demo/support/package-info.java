/**
 * Small pieces shared by features: caching switched on, numeric id sequences and the health of MongoDB.
 */
package io.cachekit.demo.support;
