SELECT id, municipality_id, cpr, given_name, family_name, responsible_unit_id, created_at, updated_at, version FROM citizens WHERE "citizens".municipality_id = $1 AND ("citizens"."responsible_unit_id" IN ($2) OR EXISTS (SELECT 1 FROM cases sc WHERE sc.citizen_id = "citizens"."id" AND sc.responsible_unit_id IN ($3)) OR EXISTS (SELECT 1 FROM citizen_team_access ta WHERE ta.citizen_id = "citizens"."id" AND ta.unit_id IN ($4)))
ORDER BY family_name, given_name, id LIMIT 51
;
INSERT INTO audit_log (id, occurred_at, occurred_us, municipality_id, user_id, unit_id, action, object_type, object_id, citizen_id, criteria, request_id, client_request_id, channel) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
