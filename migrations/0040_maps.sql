-- Maps: change counters per map layer, so tile caches (memory and DATA_DIR/tiles) know when to drop.
-- Triggers bump the counter on every write to the layer's table; caches key tiles by the counter.
CREATE TABLE map_layer_versions (
  layer      TEXT PRIMARY KEY,
  version    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO map_layer_versions (layer, version) VALUES ('components', 0), ('grids', 0), ('regions', 0);

CREATE TRIGGER maps_components_ins AFTER INSERT ON components BEGIN
  UPDATE map_layer_versions SET version = version + 1 WHERE layer = 'components';
END;
CREATE TRIGGER maps_components_upd AFTER UPDATE ON components BEGIN
  UPDATE map_layer_versions SET version = version + 1 WHERE layer = 'components';
END;
CREATE TRIGGER maps_components_del AFTER DELETE ON components BEGIN
  UPDATE map_layer_versions SET version = version + 1 WHERE layer = 'components';
END;

CREATE TRIGGER maps_grids_ins AFTER INSERT ON grids BEGIN
  UPDATE map_layer_versions SET version = version + 1 WHERE layer = 'grids';
END;
CREATE TRIGGER maps_grids_upd AFTER UPDATE ON grids BEGIN
  UPDATE map_layer_versions SET version = version + 1 WHERE layer = 'grids';
END;
CREATE TRIGGER maps_grids_del AFTER DELETE ON grids BEGIN
  UPDATE map_layer_versions SET version = version + 1 WHERE layer = 'grids';
END;
CREATE TRIGGER maps_resp_units_ins AFTER INSERT ON resp_grid_units BEGIN
  UPDATE map_layer_versions SET version = version + 1 WHERE layer = 'grids';
END;
CREATE TRIGGER maps_resp_units_del AFTER DELETE ON resp_grid_units BEGIN
  UPDATE map_layer_versions SET version = version + 1 WHERE layer = 'grids';
END;

CREATE TRIGGER maps_regions_ins AFTER INSERT ON regions BEGIN
  UPDATE map_layer_versions SET version = version + 1 WHERE layer = 'regions';
END;
CREATE TRIGGER maps_regions_upd AFTER UPDATE ON regions BEGIN
  UPDATE map_layer_versions SET version = version + 1 WHERE layer = 'regions';
END;
CREATE TRIGGER maps_regions_del AFTER DELETE ON regions BEGIN
  UPDATE map_layer_versions SET version = version + 1 WHERE layer = 'regions';
END;
