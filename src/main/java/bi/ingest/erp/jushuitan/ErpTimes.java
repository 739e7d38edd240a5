package bi.ingest.erp.jushuitan;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The ERP's times: {@code yyyy-MM-dd HH:mm:ss} in its zone (Asia/Shanghai by default). */
public record ErpTimes(ZoneId zone) {

    private static final DateTimeFormatter ERP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public String format(Instant t) {
        return ERP_TIME.format(t.atZone(zone));
    }

    /** The instant of an ERP time, or null when the text is not one (a bad record, sent on to the dead letters). */
    public Instant parse(String text) {
        if (text == null || text.length() != 19) {
            return null;
        }
        try {
            return LocalDateTime.parse(text, ERP_TIME).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
