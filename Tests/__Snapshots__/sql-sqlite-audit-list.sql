SELECT id, occurred_at, occurred_us, municipality_id, user_id, unit_id, action, object_type, object_id, citizen_id, criteria, request_id,
       client_request_id, channel
FROM audit_log WHERE municipality_id = ?1 ORDER BY occurred_us DESC, id DESC LIMIT 101
;
INSERT INTO audit_log (id, occurred_at, occurred_us, municipality_id, user_id, unit_id, action, object_type, object_id, citizen_id, criteria, request_id, client_request_id, channel) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
