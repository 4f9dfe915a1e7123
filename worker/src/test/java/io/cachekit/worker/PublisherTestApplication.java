package io.cachekit.worker;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * An application that only publishes: the starter's write-behind template, no worker.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class PublisherTestApplication {

}
