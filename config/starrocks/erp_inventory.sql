-- Upgrading from 0.1: ALTER TABLE erp_inventory ADD COLUMN warehouse_code VARCHAR(64) NULL;
-- Stock per SKU and warehouse (wms_co_id 0: the company's total), newest version wins.
CREATE TABLE IF NOT EXISTS erp_inventory (
    source        VARCHAR(16)   NOT NULL,
    account       VARCHAR(64)   NOT NULL,
    wms_co_id     BIGINT        NOT NULL,
    sku_id        VARCHAR(128)  NOT NULL,
    i_id          VARCHAR(128)  NULL,
    name          VARCHAR(512)  NULL,
    qty           INT           NULL,
    order_lock    INT           NULL,
    pick_lock     INT           NULL,
    virtual_qty   INT           NULL,
    purchase_qty  INT           NULL,
    return_qty    INT           NULL,
    in_qty        INT           NULL,
    defective_qty INT           NULL,
    modified      DATETIME      NOT NULL,
    row_version   BIGINT        NULL     COMMENT 'ERP ts',
    event_id      BIGINT        NOT NULL,
    warehouse_code VARCHAR(64)  NULL     COMMENT 'Leke warehouse (wms_co_id is derived from it)'
) PRIMARY KEY (source, account, wms_co_id, sku_id)
DISTRIBUTED BY HASH (sku_id);
