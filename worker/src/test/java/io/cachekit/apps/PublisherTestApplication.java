package io.cachekit.apps;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * Applications the worker's tests run beside it live outside {@code io.cachekit.worker}, so that the worker's
 * component scan never picks them up. An application that only publishes: the starter's write-behind template, no worker.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PublisherTestApplication {

}
