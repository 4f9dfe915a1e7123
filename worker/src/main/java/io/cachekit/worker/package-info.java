/**
 * The write-behind worker: a Spring Boot process that drains the write-behind topic into MongoDB, one
 * collection per entity type, never letting an older version overwrite a newer one.
 */
package io.cachekit.worker;
