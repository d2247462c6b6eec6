WITH r AS (SELECT c.id, c.citizen_id, ci.given_name, ci.family_name, c.responsible_unit_id, c.caseworker_id, c.phase, c.opened_on,
c.next_deadline_on, c.next_deadline_kind, c.version FROM cases c JOIN citizens ci ON ci.id = c.citizen_id
WHERE "c".municipality_id = ?1 AND "c"."responsible_unit_id" IN (?2) AND c.phase <> 'closed' ORDER BY c.opened_on DESC, c.id DESC LIMIT 51) SELECT COALESCE(json_group_array(json_object('id', "p".id, 'citizenId', "p".citizen_id, 'citizenName', "p".given_name || ' ' || "p".family_name, 'responsibleUnitId', "p".responsible_unit_id, 'caseworkerId', "p".caseworker_id, 'phase', "p".phase, 'openedOn', "p".opened_on, 'nextDeadlineOn', "p".next_deadline_on, 'nextDeadlineKind', "p".next_deadline_kind, 'overdue', json(CASE WHEN "p".next_deadline_on IS NOT NULL AND "p".next_deadline_on < ?3 THEN 'true' ELSE 'false' END), 'version', "p".version) ORDER BY opened_on DESC, id DESC) FILTER (WHERE rn <= 50), '[]') AS items, COUNT(*) AS fetched,
       MAX(CASE WHEN rn = 50 THEN opened_on END) AS last_opened_on,
       MAX(CASE WHEN rn = 50 THEN id END) AS last_id
FROM (SELECT r.*, ROW_NUMBER() OVER (ORDER BY opened_on DESC, id DESC) AS rn FROM r) p
;
INSERT INTO audit_log (id, occurred_at, occurred_us, municipality_id, user_id, unit_id, action, object_type, object_id, citizen_id, criteria, request_id, client_request_id, channel) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
