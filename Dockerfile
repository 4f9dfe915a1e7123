# Builds the demo app or the worker: docker build --build-arg MODULE=demo-app --build-arg JAR=cachekit-demo-app.jar .
# (the worker's executable jar is cachekit-worker-exec.jar: --build-arg MODULE=worker --build-arg JAR=cachekit-worker-exec.jar)
# Both images share the build stage, so compose compiles the project once.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY bom/pom.xml bom/
COPY cachekit-test/pom.xml cachekit-test/
COPY write-behind-core/pom.xml write-behind-core/
COPY starter/pom.xml starter/
COPY worker/pom.xml worker/
COPY demo-app/pom.xml demo-app/
COPY dev-stack/pom.xml dev-stack/
COPY benchmarks/pom.xml benchmarks/
COPY consumer-check/pom.xml consumer-check/
COPY cachekit-test/src cachekit-test/src
COPY write-behind-core/src write-behind-core/src
COPY starter/src starter/src
COPY worker/src worker/src
COPY demo-app/src demo-app/src
RUN mvn -B -q -DskipTests -pl demo-app,worker -am package

FROM eclipse-temurin:17-jre
ARG MODULE
ARG JAR
RUN useradd --system --uid 10001 cachekit
USER cachekit
COPY --from=build /src/${MODULE}/target/${JAR} /app/app.jar
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
