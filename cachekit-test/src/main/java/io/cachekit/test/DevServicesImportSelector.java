package io.cachekit.test;

import java.util.Map;

import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Imports the connection-details configuration of each service named by {@link ImportDevServices}.
 */
class DevServicesImportSelector implements ImportSelector {

	@Override
	public String[] selectImports(AnnotationMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ImportDevServices.class.getName());
		DevService[] services = (attributes != null) ? (DevService[]) attributes.get("value") : DevService.values();
		String[] imports = new String[services.length];
		for (int i = 0; i < services.length; i++) {
			imports[i] = switch (services[i]) {
				case REDIS -> RedisDevServiceConfiguration.class.getName();
				case REDIS_SENTINEL -> RedisSentinelDevServiceConfiguration.class.getName();
				case KAFKA -> KafkaDevServiceConfiguration.class.getName();
				case MONGODB -> MongoDevServiceConfiguration.class.getName();
			};
		}
		return imports;
	}

}
