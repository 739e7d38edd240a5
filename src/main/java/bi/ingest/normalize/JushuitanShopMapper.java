package bi.ingest.normalize;

import static bi.ingest.normalize.JsonFields.dateTime;
import static bi.ingest.normalize.JsonFields.longValue;
import static bi.ingest.normalize.JsonFields.text;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A Jushuitan shop ({@code datas} of {@code /open/shops/query}) to {@code erp_shop}. Shops carry no modified time,
 * so the record's pulled-at header (in the ERP's zone) is its version: the latest pull wins.
 */
public final class JushuitanShopMapper extends JushuitanMapper {

    private static final DateTimeFormatter ERP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final TableSchema shops;
    private final ZoneId erpZone;

    public JushuitanShopMapper(TableCatalog catalog, ZoneId erpZone) {
        super(catalog);
        this.shops = catalog.table("erp_shop");
        this.erpZone = erpZone;
    }

    @Override
    protected String businessId(ErpObject r) {
        return Long.toString(longValue(r, "shop_id", true));
    }

    @Override
    protected String modified(ErpObject r, ErpRecord raw) {
        if (raw.pulledAt() == null) {
            throw new InvalidRecordException("record header bi-pulled-at is missing (shops are versioned by it)");
        }
        try {
            return ERP_TIME.format(Instant.parse(raw.pulledAt()).atZone(erpZone));
        } catch (DateTimeException e) {
            throw new InvalidRecordException("record header bi-pulled-at is not an ISO-8601 instant: " + raw.pulledAt());
        }
    }

    @Override
    protected void rows(ErpObject r, Context c, List<Row> out) {
        out.add(row(shops, c).set("shop_id", Long.parseLong(c.businessId()))
                .set("shop_name", text(r, "shop_name", false))
                .set("short_name", text(r, "short_name", false))
                .set("shop_site", text(r, "shop_site", false))
                .set("shop_url", text(r, "shop_url", false))
                .set("nick", text(r, "nick", false))
                .set("group_name", text(r, "group_name", false))
                .set("created", dateTime(r, "created", false))
                .set("session_expired", dateTime(r, "session_expired", false))
                .build());
    }
}
