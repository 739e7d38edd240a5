package bi.ingest.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.regex.Pattern;

/**
 * The log message with credentials masked ({@code %maskedMsg} in logback-spring.xml): the value after
 * password, secret (secretKey, secret_key), token, access_token, refresh_token or Authorization becomes {@code ****}, whoever logged it.
 */
public class MaskedMessageConverter extends MessageConverter {

    static final Pattern SECRET = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret(?:[-_]?key)?|token|authorization|sasl\\.jaas\\.config)[\"']?\\s*[=:]\\s*[\"']?(?:Basic |Bearer )?)[^\\s,;\"'}&]+");

    @Override
    public String convert(ILoggingEvent event) {
        return mask(super.convert(event));
    }

    public static String mask(String message) {
        if (message == null || message.isEmpty()) {
            return message;
        }
        return SECRET.matcher(message).replaceAll("$1****");
    }
}
