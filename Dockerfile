# syntax=docker/dockerfile:1
# Build with Maven, run on a slim JRE 17 as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY config config
COPY src src
RUN mvn -B -ntp -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home /app bi-ingest
WORKDIR /app
COPY --from=build /src/target/bi-ingest-*.jar /app/bi-ingest.jar
RUN mkdir -p /app/data && chown bi-ingest /app/data
USER 10001
EXPOSE 8080
# G1 named: in a container under 1.75 GB the JVM would pick the Serial collector, which spent 37 % of a full-speed
# load in pauses at -Xmx512m (G1: 15-17 %, bench/README.md); G1 is also what the tests and benchmarks run
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError"
# the JRE image has bash but neither curl nor wget: ask the liveness group over a plain TCP connection
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /actuator/health/liveness HTTP/1.0\r\n\r\n" >&3 && grep -q "\"UP\"" <&3'
ENTRYPOINT ["java", "-jar", "/app/bi-ingest.jar"]
