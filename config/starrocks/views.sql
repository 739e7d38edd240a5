-- What a BI query should read: the live rows. Run after the tables (this file sorts after them).
--
-- Deletes: a deleted order or after-sale is a row with is_deleted = true whose modified is the delete's time; it goes
-- through the same merge condition as any version, so an older version arriving later never brings it back.
--
-- Lines and payments: every row of one version of an order (the order, its lines, its payments) carries that
-- version's event_id. A line that a newer version dropped keeps the event_id of the version that last wrote it, so
-- it no longer matches its order's; a line replayed from an older version loses to the newer one by the merge
-- condition. The views keep exactly the lines and payments of the order's current version, and none of a deleted
-- order. The same holds for after-sale lines.
--
-- The Stream Load sandbox's tests run these SELECTs as they are, over the rows the sandbox holds.
CREATE VIEW IF NOT EXISTS erp_order_live AS
SELECT o.* FROM erp_order o WHERE NOT o.is_deleted;

CREATE VIEW IF NOT EXISTS erp_order_item_live AS
SELECT i.* FROM erp_order_item i
JOIN erp_order o ON o.source = i.source AND o.account = i.account AND o.o_id = i.o_id AND o.event_id = i.event_id
WHERE NOT o.is_deleted;

CREATE VIEW IF NOT EXISTS erp_order_payment_live AS
SELECT p.* FROM erp_order_payment p
JOIN erp_order o ON o.source = p.source AND o.account = p.account AND o.o_id = p.o_id AND o.event_id = p.event_id
WHERE NOT o.is_deleted;

CREATE VIEW IF NOT EXISTS erp_refund_live AS
SELECT r.* FROM erp_refund r WHERE NOT r.is_deleted;

CREATE VIEW IF NOT EXISTS erp_refund_item_live AS
SELECT i.* FROM erp_refund_item i
JOIN erp_refund r ON r.source = i.source AND r.account = i.account AND r.as_id = i.as_id AND r.event_id = i.event_id
WHERE NOT r.is_deleted;
