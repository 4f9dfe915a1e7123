/**
 * Web plumbing shared by every feature: {@code application/problem+json} errors, the request body size
 * limit and the {@code X-Cache} response header.
 */
package io.cachekit.demo.web;
