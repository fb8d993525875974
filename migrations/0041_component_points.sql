-- A point index for map tiles that carries what a tile needs (exact position, status, category)
-- as R*Tree auxiliary columns, so building a tile reads only the R*Tree and never jumps into
-- the components table row by row. Removed components are left out. Kept in step by triggers.
CREATE VIRTUAL TABLE component_points USING rtree(id, min_lng, max_lng, min_lat, max_lat, +lng, +lat, +status, +category_id);
INSERT INTO component_points (id, min_lng, max_lng, min_lat, max_lat, lng, lat, status, category_id)
  SELECT id, lng, lng, lat, lat, lng, lat, status, category_id FROM components WHERE status <> 'removed';
CREATE TRIGGER component_points_ins AFTER INSERT ON components WHEN new.status <> 'removed' BEGIN
  INSERT INTO component_points (id, min_lng, max_lng, min_lat, max_lat, lng, lat, status, category_id)
  VALUES (new.id, new.lng, new.lng, new.lat, new.lat, new.lng, new.lat, new.status, new.category_id);
END;
CREATE TRIGGER component_points_upd AFTER UPDATE OF lng, lat, status, category_id ON components BEGIN
  DELETE FROM component_points WHERE id = old.id;
  INSERT INTO component_points (id, min_lng, max_lng, min_lat, max_lat, lng, lat, status, category_id)
  SELECT new.id, new.lng, new.lng, new.lat, new.lat, new.lng, new.lat, new.status, new.category_id WHERE new.status <> 'removed';
END;
CREATE TRIGGER component_points_del AFTER DELETE ON components BEGIN
  DELETE FROM component_points WHERE id = old.id;
END;
